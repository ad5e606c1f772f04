/**
 * The single entry point for engine event batches. A batch is first digested (upserts and samples
 * merged in order, snapshots reduced to the latest), then each store is updated with exactly one
 * `setState`, so a batch costs each subscribed view at most one re-render however many events it
 * carries.
 */
import {
  ALERT_LEVELS,
  notificationVerdict,
  type Alert,
  type EngineStatus,
  type EventBatch,
  type Incident,
  type LiveLog,
  type ModelStatus,
  type PatternSummary,
} from '../../../core/contract';
import { upsertAlerts, useAlertsStore } from './alerts';
import { upsertIncidents, useIncidentsStore } from './incidents';
import { appendLogs, useLogsStore } from './logs';
import { applyModels } from './models';
import { replacePatterns, usePatternsStore } from './patterns';
import { adoptRunningConfig, useSettingsStore } from './settings';
import { applyStatus } from './status';
import { pushToast, useUiStore } from './ui';

export interface BatchDigest {
  /** The last status of the batch (earlier ones are superseded). */
  status: EngineStatus | null;
  alerts: Alert[];
  logs: LiveLog[];
  notSampled: number;
  /** The last patterns snapshot of the batch, if any. */
  patterns: PatternSummary[] | null;
  models: ModelStatus | null;
  notify: Alert[];
  suppressed: number;
  incidents: Incident[];
}

export function digestBatch(batch: EventBatch): BatchDigest {
  const digest: BatchDigest = {
    status: null,
    alerts: [],
    logs: [],
    notSampled: 0,
    patterns: null,
    models: null,
    notify: [],
    suppressed: 0,
    incidents: [],
  };
  for (const event of batch.events) {
    switch (event.type) {
      case 'status':
        digest.status = event.status;
        break;
      case 'alerts':
        digest.alerts.push(...event.alerts);
        break;
      case 'logs':
        digest.logs.push(...event.logs);
        digest.notSampled += event.dropped;
        break;
      case 'patterns':
        digest.patterns = event.patterns;
        break;
      case 'models':
        digest.models = event.models;
        break;
      case 'notify':
        digest.notify.push(...event.alerts);
        digest.suppressed += event.suppressed;
        break;
      case 'incidents':
        digest.incidents.push(...event.incidents);
        break;
    }
  }
  return digest;
}

/**
 * Whether batches were missed between `lastSeq` and `seq` (or the engine restarted its counter):
 * then the incremental updates no longer add up and the stores must be refetched.
 */
export function missedBatches(lastSeq: number | null, seq: number): boolean {
  return lastSeq !== null && seq !== lastSeq + 1;
}

/** Local minutes after midnight, for quiet hours. */
function localMinutes(date: Date): number {
  return date.getHours() * 60 + date.getMinutes();
}

export function applyDigest(digest: BatchDigest, at: number, now: Date = new Date()): void {
  if (digest.status !== null) {
    const status = digest.status;
    applyStatus(status, at);
    useSettingsStore.setState((state) => adoptRunningConfig(state, status));
  }
  if (digest.alerts.length > 0) useAlertsStore.setState((state) => upsertAlerts(state, digest.alerts));
  if (digest.incidents.length > 0)
    useIncidentsStore.setState((state) => upsertIncidents(state, digest.incidents));
  if (digest.logs.length > 0 || digest.notSampled > 0) {
    useLogsStore.setState((state) => appendLogs(state, digest.logs, digest.notSampled));
  }
  if (digest.patterns !== null) usePatternsStore.setState(replacePatterns(digest.patterns));
  if (digest.models !== null) applyModels(digest.models);
  if (digest.notify.length > 0) {
    const policy = useSettingsStore.getState().notifications;
    const minutes = localMinutes(now);
    const preferences = { ...policy, levels: ALERT_LEVELS.filter((level) => policy.levels[level]) };
    const shown = digest.notify.filter(
      (alert) => notificationVerdict(preferences, alert.level, minutes) === 'notify',
    );
    if (shown.length > 0) {
      useUiStore.setState((state) =>
        shown.reduce(
          (next, alert) =>
            pushToast(next, {
              kind: 'alert',
              title: `${alert.level.toUpperCase()} · ${alert.title}`,
              detail: alert.reason,
              level: alert.level,
              alertId: alert.id,
            }),
          state,
        ),
      );
    }
  }
}

/** Tracks batch sequence numbers across calls; `reset` when a new connection starts. */
export function createBatchSequencer(onMissed: () => void) {
  let lastSeq: number | null = null;
  return {
    reset(): void {
      lastSeq = null;
    },
    apply(batch: EventBatch): void {
      const missed = missedBatches(lastSeq, batch.seq);
      lastSeq = batch.seq;
      applyDigest(digestBatch(batch), batch.at);
      if (missed) onMissed();
    },
  };
}
