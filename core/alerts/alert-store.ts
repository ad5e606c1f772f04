/**
 * Grouping and lifecycle of alerts.
 *
 * Grouping: candidates with the same fingerprint (trigger + template, rule or detector key + the
 * rule's grouping fields, service and host by default: group-key.ts) are one alert: `count`
 * occurrences, `firstSeen`/`lastSeen`, the latest `maxSamples` raw messages, and where they came
 * from (`hosts`, `services`, `topics` with counts: alert-location.ts).
 *
 * Lifecycle (open → acknowledged / snoozed → resolved; docs/incidents.md):
 *  - A new occurrence of a resolved alert reopens it as a new occurrence: `occurrence` + 1,
 *    `reopenedAt` = now, status open, `count` restarts at 1 (it counts the current occurrence;
 *    `firstSeen` stays the first ever), level, title and rule from the new evidence, and a
 *    'reopen' audit entry that records the previous occurrence's count and span.
 *  - `reason` follows the latest evidence (the rule's latest text, the current count, the rate,
 *    the addresses seen: evidence.ts); `firstReason` keeps the text of the very first trigger.
 *  - An occurrence at a higher level escalates the alert (level, title, rule); an acknowledged or
 *    snoozed alert that escalates goes back to open, since what was put aside was less severe.
 *  - Snoozed is a status: the alert leaves the open view and notifies nothing until
 *    `snoozedUntil`, then `tick` returns it to open. Occurrences keep counting meanwhile.
 *  - `tick` resolves alerts without occurrences for `autoResolveMs` (audited as Vigil's doing).
 *  - Every action (ack, snooze, resolve, note) is appended to `audit` with who and when.
 *  - At most `maxAlerts` alerts: beyond it the oldest resolved ones go first, then the oldest by
 *    `lastSeen`; eviction trims to 90 % of the cap in one pass so its cost is amortized.
 *
 * The store keeps two change sets: one drained by the UI (`drainChanged`), one by persistence
 * (`drainPersist`), so neither can starve the other. For persistence, an occurrence that only
 * bumped count/lastSeen/samples is a small counter update; the full alert (with its samples) is
 * written when something else changed, and at least every `fullPersistEveryMs` while it keeps
 * occurring. That keeps the journal small under a flood of repeats (a busy alert changes on every
 * batch) while the samples on disk are never older than that interval (alert-change-sets.ts).
 *
 * Here: the two indexes (fingerprint, id), recording an occurrence, adoption, restore and the cap.
 * What an occurrence does to an alert: alert-occurrence.ts; reasons from the latest evidence:
 * alert-reasons.ts; queries and counts: alert-query.ts.
 */
import type { Alert, AlertAction, AlertLevel, AlertQuery, AlertTrigger, AlertVerdict } from '../contract';
import {
  AlertActionError,
  applyAlertAction,
  copyAlert,
  EVIDENCE_SUFFIX,
  normalizeLoaded,
} from './alert-actions';
import { AlertChangeSets, type PersistChanges } from './alert-change-sets';
import { countLocation } from './alert-location';
import { describe, expire, newAlert, reopen } from './alert-occurrence';
import { matchAlerts, openCounts } from './alert-query';
import { AlertReasons } from './alert-reasons';
import { appendAudit, SYSTEM_ACTOR } from './audit';
import { levelRank, type AlertCandidate } from './candidate';
import { fingerprintFor, groupByOf } from './group-key';
import { pushSample } from './sample-ref';

export type { CounterUpdate, PersistChanges } from './alert-change-sets';

export interface AlertStoreOptions {
  maxAlerts: number;
  maxSamples: number;
  maxSampleChars: number;
  autoResolveMs: number;
  /** Rows returned by `list` when the query sets no limit. */
  defaultListLimit: number;
  /** Longest time a repeating alert's samples may go unsaved. */
  fullPersistEveryMs: number;
}

export const DEFAULT_ALERT_STORE: AlertStoreOptions = {
  maxAlerts: 5000,
  maxSamples: 5,
  maxSampleChars: 500,
  autoResolveMs: 30 * 60_000,
  defaultListLimit: 1000,
  fullPersistEveryMs: 30_000,
};

/** How an occurrence changed its alert; the notification policy cares. */
export type OccurrenceChange = 'created' | 'repeated' | 'escalated' | 'reopened';

export class AlertStore {
  readonly options: AlertStoreOptions;
  private readonly byFingerprint = new Map<string, Alert>();
  private readonly byId = new Map<string, Alert>();
  /** The latest evidence of each alert; `reason` is recomposed from it when the alert is read. */
  private readonly reasons = new AlertReasons();
  private readonly changes = new AlertChangeSets((alert, now) => this.freshen(alert, now));
  private evicted = 0;
  /** How the last `record` call changed its alert. */
  lastChange: OccurrenceChange = 'created';

  constructor(options: Partial<AlertStoreOptions> = {}) {
    this.options = { ...DEFAULT_ALERT_STORE, ...options };
    if (!(this.options.maxAlerts >= 1) || !(this.options.maxSamples >= 1))
      throw new Error('invalid alert store options');
  }

  /** Adds one occurrence; returns its (live) alert and sets `lastChange`. */
  record(c: AlertCandidate, now: number): Alert {
    const fingerprint = fingerprintFor(c);
    const alert = this.byFingerprint.get(fingerprint);
    if (alert === undefined) return this.create(fingerprint, c, now);

    if (alert.status === 'resolved') {
      reopen(alert, now);
      describe(alert, c);
      this.lastChange = 'reopened';
    } else if (levelRank(c.level) > levelRank(alert.level)) {
      describe(alert, c);
      if (alert.status !== 'open') {
        alert.status = 'open';
        alert.snoozedUntil = null;
      }
      this.lastChange = 'escalated';
    } else {
      this.lastChange = 'repeated';
    }
    alert.count += 1;
    countLocation(alert, c, groupByOf(c).includes('host'));
    if (now > alert.lastSeen) alert.lastSeen = now;
    this.addSample(alert, c);
    this.reasons.observe(alert, c, now);
    if (this.lastChange === 'repeated') {
      this.changes.repeat(alert);
      return alert;
    }
    this.changes.touch(alert);
    return alert;
  }

  /** Applies an action by `who` (decided by the engine) and records it in the alert's audit trail. */
  act(action: AlertAction, now: number, who: string = SYSTEM_ACTOR): Alert {
    const alert = this.byId.get(action.id);
    if (alert === undefined) throw new AlertActionError('not_found', `no alert with id ${action.id}`);
    applyAlertAction(alert, action, now, who);
    this.changes.touch(alert);
    return alert;
  }

  /** Issue 19: takes in an alert built elsewhere (a fold of another thread's evidence); returns the live one. */
  adopt(built: Alert): Alert {
    if (this.byFingerprint.has(built.fingerprint)) throw new Error('adopt: the alert exists already');
    const alert = copyAlert(built);
    this.byFingerprint.set(alert.fingerprint, alert);
    this.byId.set(alert.id, alert);
    this.reasons.seed(alert, alert.reason);
    this.changes.added(alert.id);
    this.changes.touch(alert);
    if (this.byId.size > this.options.maxAlerts) this.evictIfFull(alert);
    return alert;
  }

  /**
   * Marks an alert changed (for the UI and for persistence) after a change made outside `act`;
   * `repeated`: only more occurrences (a counter update on disk, as `record` writes a repeat).
   */
  markChanged(alert: Alert, repeated = false): void {
    if (this.byId.get(alert.id) !== alert) return;
    if (!repeated) return this.changes.touch(alert);
    this.changes.repeat(alert);
  }

  /** The reason from the latest evidence, written into the live alert (called before it is read). */
  freshen(alert: Alert, now: number): Alert {
    return this.reasons.freshen(alert, now);
  }

  /** The addresses an alert's samples named, most frequent first (for incident grouping). */
  addressesOf(alert: Alert): string[] {
    return this.reasons.addressesOf(alert);
  }

  /** Expires snoozes and auto-resolves quiet alerts. Returns how many alerts changed. */
  tick(now: number): number {
    let changed = 0;
    for (const alert of this.byId.values()) {
      if (alert.status === 'resolved') continue;
      if (expire(alert, now, this.options.autoResolveMs)) {
        this.changes.touch(alert);
        changed += 1;
      }
    }
    return changed;
  }

  get(id: string): Alert | undefined {
    return this.byId.get(id);
  }

  get size(): number {
    return this.byId.size;
  }

  get evictedCount(): number {
    return this.evicted;
  }

  all(): IterableIterator<Alert> {
    return this.byId.values();
  }

  /** Alerts matching the query (`status` includes `snoozed`), most recent occurrence first, as copies. */
  list(query: AlertQuery, now: number = Date.now()): Alert[] {
    return matchAlerts(this.byId.values(), query, query.limit ?? this.options.defaultListLimit).map((a) =>
      copyAlert(this.freshen(a, now)),
    );
  }

  /** Open and acknowledged alerts by level and by trigger (resolved ones are history, not load). */
  counts(): { byLevel: Record<AlertLevel, number>; byTrigger: Record<AlertTrigger, number> } {
    return openCounts(this.byId.values());
  }

  // ---- A/B model testing (i20): the arm that raised an alert, and the engineer's verdict.
  /** Stamps the experiment arm whose model decided the occurrence just recorded. */
  stampArm(alert: Alert, arm: string): void {
    if (alert.arm === arm) return;
    alert.arm = arm;
    this.changes.touch(alert);
  }

  /** Stores a verdict on alert `id`; returns the alert and the verdict it replaced. */
  setVerdict(id: string, verdict: AlertVerdict): { alert: Alert; previous: AlertVerdict | null } {
    const alert = this.byId.get(id);
    if (alert === undefined) throw new AlertActionError('not_found', `no alert with id ${id}`);
    const previous = alert.verdict ?? null;
    alert.verdict = verdict;
    const arm = verdict.arm === null ? '' : ` (arm ${verdict.arm})`;
    appendAudit((alert.audit ??= []), verdict.at, verdict.who, 'verdict', `${verdict.verdict}${arm}`);
    this.changes.touch(alert);
    return { alert, previous };
  }

  /** Alerts changed since the last call, as copies (for batched UI events). */
  drainChanged(now: number = Date.now()): Alert[] {
    return this.changes.drainUi(now);
  }

  /** Changes since the last call, for persistence: full alerts (copies), counter updates, deleted ids. */
  drainPersist(now: number): PersistChanges {
    return this.changes.drainPersist(now, this.options.fullPersistEveryMs);
  }

  /** Replaces the content with alerts loaded from history (their state is kept as is). */
  restore(alerts: readonly Alert[]): void {
    this.byFingerprint.clear();
    this.byId.clear();
    this.reasons.clear();
    for (const loaded of alerts) {
      const alert = normalizeLoaded(copyAlert(loaded));
      const clash = this.byFingerprint.get(alert.fingerprint);
      if (clash !== undefined) this.byId.delete(clash.id);
      this.byFingerprint.set(alert.fingerprint, alert);
      this.byId.set(alert.id, alert);
      this.reasons.seed(alert, alert.reason.replace(EVIDENCE_SUFFIX, ''));
    }
    this.changes.clear();
    this.evictIfFull();
  }

  private create(fingerprint: string, c: AlertCandidate, now: number): Alert {
    const alert = newAlert(fingerprint, c, now);
    countLocation(alert, c, groupByOf(c).includes('host'));
    this.addSample(alert, c);
    this.reasons.start(alert, c.reason);
    this.reasons.observe(alert, c, now);
    this.byFingerprint.set(fingerprint, alert);
    this.byId.set(alert.id, alert);
    this.changes.added(alert.id);
    this.lastChange = 'created';
    this.changes.touch(alert);
    if (this.byId.size > this.options.maxAlerts) this.evictIfFull(alert);
    return alert;
  }

  private addSample(alert: Alert, c: AlertCandidate): void {
    if (c.sample === null) return;
    pushSample(alert, c.sample, c.sampleRef ?? null, this.options.maxSamples, this.options.maxSampleChars);
  }

  /** Trims to 90 % of the cap: resolved first, then by oldest lastSeen. `keep` is never evicted. */
  private evictIfFull(keep?: Alert): void {
    if (this.byId.size <= this.options.maxAlerts) return;
    const target = Math.max(1, Math.floor(this.options.maxAlerts * 0.9));
    const victims = Array.from(this.byId.values()).filter((a) => a !== keep);
    victims.sort((x, y) => {
      const xr = x.status === 'resolved' ? 0 : 1;
      const yr = y.status === 'resolved' ? 0 : 1;
      return xr - yr || x.lastSeen - y.lastSeen;
    });
    for (const victim of victims) {
      if (this.byId.size <= target) break;
      this.byId.delete(victim.id);
      this.byFingerprint.delete(victim.fingerprint);
      this.changes.evicted(victim);
      this.reasons.forget(victim);
      this.evicted += 1;
    }
  }
}

export { AlertActionError, copyAlert };
