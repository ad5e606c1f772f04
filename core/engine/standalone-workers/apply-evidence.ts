/**
 * Standalone `workers: N` (issue 19, docs/scaling.md "Standalone on every core"): the main engine
 * applies one batch of another engine thread's alert evidence to its ONE alert store, exactly once.
 *
 * Each evidence record is folded with the cluster's pure fold (core/cluster/fold.ts: counts added,
 * first and last seen, the most severe description, templates summed) into the standalone alert,
 * which is then placed in an incident and offered to the notification policy like a recorded
 * occurrence. The batch's log offset is journaled in the same line as the alerts it changed
 * (AlertManager.recordBatch, history-offsets.ts); only then does the thread commit the offset.
 *
 * Idempotence (offsets stored with the state): a batch that ends at or below the partition's applied
 * offset was applied already (a crash between the journal and the Kafka commit, a stale member):
 * `duplicate`, nothing counted. A batch that starts below it and ends above it overlaps applied logs:
 * `overlap`, nothing counted, and the thread fetches the partition again from the applied offset.
 */
import type { Alert } from '../../contract';
import type { AlertManager } from '../../alerts';
import type { OccurrenceChange } from '../../alerts/alert-store';
import { alertIdOf, levelRank } from '../../alerts/candidate';
import { pushSample } from '../../alerts/sample-ref';
import type { Evidence } from '../../cluster/evidence';
import { foldEvidence, type AlertState } from '../../cluster/fold';

export interface ThreadBatch {
  topic: string;
  partition: number;
  /** The offset after the batch (what the thread commits). */
  nextOffset: string;
  /** The offset the batch was fetched from. */
  fetchedOffset: string;
  evidence: readonly Evidence[];
}

export type ApplyOutcome = { outcome: 'applied' } | { outcome: 'duplicate' | 'overlap'; seekTo: string };

/** Whether the batch may be applied, from the partition's applied offset (null: none yet). */
export function decideBatch(
  applied: bigint | null,
  batch: Pick<ThreadBatch, 'nextOffset' | 'fetchedOffset'>,
): ApplyOutcome {
  if (applied === null) return { outcome: 'applied' };
  if (BigInt(batch.nextOffset) <= applied) return { outcome: 'duplicate', seekTo: applied.toString() };
  if (BigInt(batch.fetchedOffset) < applied) return { outcome: 'overlap', seekTo: applied.toString() };
  return { outcome: 'applied' };
}

/** Applies the batch (or refuses it, see above); resolves once its alerts and offset are durable. */
export async function applyThreadBatch(
  manager: AlertManager,
  group: string,
  batch: ThreadBatch,
  now: number,
): Promise<ApplyOutcome> {
  const decision = decideBatch(manager.applied.get(group, batch.topic, batch.partition), batch);
  if (decision.outcome !== 'applied') return decision;
  // Synchronous up to recordBatch, which advances the applied offset before it awaits the disk.
  for (const e of batch.evidence) foldInto(manager, e, now);
  await manager.recordBatch(now, [[group, batch.topic, batch.partition, batch.nextOffset]]);
  return decision;
}

/** The standalone alert as fold state (its sample times unknown: its last sighting). */
function stateOf(alert: Alert): AlertState {
  return {
    v: 1,
    alert,
    sampleTimes: alert.samples.map(() => alert.lastSeen),
    describedAt: alert.firstSeen,
    actions: [],
  };
}

function foldInto(manager: AlertManager, e: Evidence, now: number): void {
  const store = manager.store;
  const live = store.get(alertIdOf(e.fingerprint));
  if (live === undefined) {
    const built = foldEvidence(null, e).alert;
    const location = (value: string | null) => (value === null ? [] : [{ value, count: e.count }]);
    const alert = store.adopt({
      ...built,
      sampleRefs: [],
      host: null,
      hosts: [],
      services: location(e.service),
      topics: location(e.topic),
      occurrence: 1,
      reopenedAt: null,
      firstReason: e.reason,
      audit: [],
      incidentId: null,
    });
    manager.placed(alert, 'created', now);
    return;
  }
  const folded = foldEvidence(stateOf(live), e).alert;
  let change: OccurrenceChange = 'repeated';
  if (live.status === 'resolved') change = 'reopened';
  else if (levelRank(folded.level) > levelRank(live.level)) change = 'escalated';
  live.count = folded.count;
  live.firstSeen = folded.firstSeen;
  live.lastSeen = folded.lastSeen;
  live.status = folded.status;
  live.snoozedUntil = folded.snoozedUntil;
  if (folded.templates !== undefined) live.templates = folded.templates;
  if (change === 'escalated') {
    live.level = folded.level;
    live.trigger = folded.trigger;
    live.title = folded.title;
    live.rule = folded.rule ?? null;
  }
  const { maxSamples, maxSampleChars } = store.options;
  for (const sample of e.samples) pushSample(live, sample.text, null, maxSamples, maxSampleChars);
  // A repeat is a counter update on disk (no fdatasync in front of the thread's commit), as for
  // a log the main engine counts itself; anything else writes the whole alert.
  store.markChanged(live, change === 'repeated');
  manager.placed(live, change, now);
}
