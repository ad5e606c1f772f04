/**
 * Grouping and lifecycle of alerts.
 *
 * Grouping: candidates with the same fingerprint (trigger + template, rule or detector key + the
 * rule's grouping fields, service and host by default: group-key.ts) are one alert: `count`
 * occurrences, `firstSeen`/`lastSeen`, the latest `maxSamples` raw messages, and where they came
 * from (`hosts`, `services`, `topics` with counts: alert-location.ts).
 *
 * Lifecycle (open → acknowledged → resolved):
 *  - A new occurrence of a resolved alert reopens it: status open, snooze cleared, level, title and
 *    reason taken from the new occurrence, count and firstSeen continue (the history of the group
 *    stays in one place; `lastSeen` tells when it came back).
 *  - An occurrence at a higher level escalates the alert (level, title, reason); an acknowledged
 *    alert that escalates goes back to open, since what was acknowledged was less severe.
 *  - Snooze hides an open or acknowledged alert from the "open" view and from notifications until
 *    `snoozedUntil`; occurrences keep counting. `tick` clears expired snoozes.
 *  - `tick` resolves alerts without occurrences for `autoResolveMs`.
 *  - At most `maxAlerts` alerts: beyond it the oldest resolved ones go first, then the oldest by
 *    `lastSeen`; eviction trims to 90 % of the cap in one pass so its cost is amortized.
 *
 * The store keeps two change sets: one drained by the UI (`drainChanged`), one by persistence
 * (`drainPersist`), so neither can starve the other. For persistence, an occurrence that only
 * bumped count/lastSeen/samples is a small counter update; the full alert (with its samples) is
 * written when something else changed, and at least every `fullPersistEveryMs` while it keeps
 * occurring. That keeps the journal small under a flood of repeats (a busy alert changes on every
 * batch) while the samples on disk are never older than that interval.
 */
import type { Alert, AlertAction, AlertLevel, AlertQuery, AlertTrigger, AlertVerdict } from '../contract';
import { ALERT_LEVELS, ALERT_TRIGGERS } from '../contract';
import { countLocation, copyLocation } from './alert-location';
import { alertIdOf, levelRank, type AlertCandidate } from './candidate';
import { alertService, fingerprintFor, groupByOf, groupFields } from './group-key';
import { pushSample } from './sample-ref';

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

/** `[id, count, lastSeen]`: what a repeat changes, without the samples. */
export type CounterUpdate = [id: string, count: number, lastSeen: number];

export interface PersistChanges {
  upserts: Alert[];
  counters: CounterUpdate[];
  deletes: string[];
}

/** How an occurrence changed its alert; the notification policy cares. */
export type OccurrenceChange = 'created' | 'repeated' | 'escalated' | 'reopened';

/** A refused action, with a code the command boundary can return as is. */
export class AlertActionError extends Error {
  constructor(
    readonly code: 'not_found' | 'invalid_state',
    message: string,
  ) {
    super(message);
    this.name = 'AlertActionError';
  }
}

export class AlertStore {
  readonly options: AlertStoreOptions;
  private readonly byFingerprint = new Map<string, Alert>();
  private readonly byId = new Map<string, Alert>();
  private readonly changedForUi = new Set<Alert>();
  /** Alert → true when its full state must be written, false when only its counters changed. */
  private readonly changedForDisk = new Map<Alert, boolean>();
  /** When each alert's full state was last handed to persistence. */
  private readonly fullPersistedAt = new Map<Alert, number>();
  private readonly deletedForDisk = new Set<string>();
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

    alert.count += 1;
    countLocation(alert, c, groupByOf(c).includes('host'));
    if (now > alert.lastSeen) alert.lastSeen = now;
    this.addSample(alert, c);
    if (alert.status === 'resolved') {
      alert.status = 'open';
      alert.snoozedUntil = null;
      this.describe(alert, c);
      this.lastChange = 'reopened';
    } else if (levelRank(c.level) > levelRank(alert.level)) {
      this.describe(alert, c);
      if (alert.status === 'acknowledged') alert.status = 'open';
      this.lastChange = 'escalated';
    } else {
      this.lastChange = 'repeated';
      this.changedForUi.add(alert);
      if (!this.changedForDisk.has(alert)) this.changedForDisk.set(alert, false);
      return alert;
    }
    this.touch(alert);
    return alert;
  }

  act(action: AlertAction, now: number): Alert {
    const alert = this.byId.get(action.id);
    if (alert === undefined) throw new AlertActionError('not_found', `no alert with id ${action.id}`);
    switch (action.action) {
      case 'ack':
        if (alert.status === 'resolved') {
          throw new AlertActionError(
            'invalid_state',
            `alert ${action.id} is resolved; it cannot be acknowledged`,
          );
        }
        alert.status = 'acknowledged';
        break;
      case 'resolve':
        alert.status = 'resolved';
        alert.snoozedUntil = null;
        break;
      case 'snooze':
        if (alert.status === 'resolved') {
          throw new AlertActionError('invalid_state', `alert ${action.id} is resolved; it cannot be snoozed`);
        }
        alert.snoozedUntil = now + action.durationMs;
        break;
    }
    this.touch(alert);
    return alert;
  }

  /** Expires snoozes and auto-resolves quiet alerts. Returns how many alerts changed. */
  tick(now: number): number {
    let changed = 0;
    const quietSince = now - this.options.autoResolveMs;
    for (const alert of this.byId.values()) {
      if (alert.status === 'resolved') continue;
      let touched = false;
      if (alert.snoozedUntil !== null && alert.snoozedUntil <= now) {
        alert.snoozedUntil = null;
        touched = true;
      }
      if (alert.lastSeen <= quietSince) {
        alert.status = 'resolved';
        alert.snoozedUntil = null;
        touched = true;
      }
      if (touched) {
        this.touch(alert);
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

  /**
   * Alerts matching the query, most recent occurrence first, as copies.
   * A snoozed alert is listed only by queries that do not filter on status (the "all" view) until
   * its snooze expires, so it drops out of the default "open" view.
   */
  list(query: AlertQuery): Alert[] {
    const levels = query.level && query.level.length > 0 ? new Set<string>(query.level) : null;
    const triggers = query.trigger && query.trigger.length > 0 ? new Set<string>(query.trigger) : null;
    const statuses = query.status && query.status.length > 0 ? new Set<string>(query.status) : null;
    const out: Alert[] = [];
    for (const a of this.byId.values()) {
      if (levels && !levels.has(a.level)) continue;
      if (triggers && !triggers.has(a.trigger)) continue;
      if (query.service !== undefined && a.service !== query.service) continue;
      if (statuses && (a.snoozedUntil !== null || !statuses.has(a.status))) continue;
      out.push(a);
    }
    out.sort((x, y) => y.lastSeen - x.lastSeen || (x.id < y.id ? -1 : 1));
    return out.slice(0, query.limit ?? this.options.defaultListLimit).map(copyAlert);
  }

  /** Open and acknowledged alerts by level and by trigger (resolved ones are history, not load). */
  counts(): { byLevel: Record<AlertLevel, number>; byTrigger: Record<AlertTrigger, number> } {
    const byLevel = Object.fromEntries(ALERT_LEVELS.map((l) => [l, 0])) as Record<AlertLevel, number>;
    const byTrigger = Object.fromEntries(ALERT_TRIGGERS.map((t) => [t, 0])) as Record<AlertTrigger, number>;
    for (const a of this.byId.values()) {
      if (a.status === 'resolved') continue;
      byLevel[a.level] += 1;
      byTrigger[a.trigger] += 1;
    }
    return { byLevel, byTrigger };
  }

  // ---- A/B model testing (i20): the arm that raised an alert, and the engineer's verdict.
  /** Stamps the experiment arm whose model decided the occurrence just recorded. */
  stampArm(alert: Alert, arm: string): void {
    if (alert.arm === arm) return;
    alert.arm = arm;
    this.touch(alert);
  }

  /** Stores a verdict on alert `id`; returns the alert and the verdict it replaced. */
  setVerdict(id: string, verdict: AlertVerdict): { alert: Alert; previous: AlertVerdict | null } {
    const alert = this.byId.get(id);
    if (alert === undefined) throw new AlertActionError('not_found', `no alert with id ${id}`);
    const previous = alert.verdict ?? null;
    alert.verdict = verdict;
    this.touch(alert);
    return { alert, previous };
  }

  /** Alerts changed since the last call, as copies (for batched UI events). */
  drainChanged(): Alert[] {
    const out = Array.from(this.changedForUi, copyAlert);
    this.changedForUi.clear();
    return out;
  }

  /** Changes since the last call, for persistence: full alerts (copies), counter updates, deleted ids. */
  drainPersist(now: number): PersistChanges {
    const upserts: Alert[] = [];
    const counters: CounterUpdate[] = [];
    for (const [alert, full] of this.changedForDisk) {
      const last = this.fullPersistedAt.get(alert);
      if (full || last === undefined || now - last >= this.options.fullPersistEveryMs) {
        upserts.push(copyAlert(alert));
        this.fullPersistedAt.set(alert, now);
      } else {
        counters.push([alert.id, alert.count, alert.lastSeen]);
      }
    }
    const deletes = Array.from(this.deletedForDisk);
    this.changedForDisk.clear();
    this.deletedForDisk.clear();
    return { upserts, counters, deletes };
  }

  /** Replaces the content with alerts loaded from history (their state is kept as is). */
  restore(alerts: readonly Alert[]): void {
    this.byFingerprint.clear();
    this.byId.clear();
    for (const loaded of alerts) {
      const alert = copyAlert(loaded);
      const clash = this.byFingerprint.get(alert.fingerprint);
      if (clash !== undefined) this.byId.delete(clash.id);
      this.byFingerprint.set(alert.fingerprint, alert);
      this.byId.set(alert.id, alert);
    }
    this.changedForUi.clear();
    this.changedForDisk.clear();
    this.deletedForDisk.clear();
    this.fullPersistedAt.clear();
    this.evictIfFull();
  }

  private create(fingerprint: string, c: AlertCandidate, now: number): Alert {
    const alert: Alert = {
      id: alertIdOf(fingerprint),
      fingerprint,
      level: c.level,
      trigger: c.trigger,
      title: c.title,
      reason: c.reason,
      count: 1,
      firstSeen: now,
      lastSeen: now,
      status: 'open',
      snoozedUntil: null,
      service: alertService(c),
      topic: c.topic,
      templateId: c.templateId,
      template: c.template,
      samples: [],
      rule: c.ruleRef ?? null,
      sampleRefs: [],
      host: null,
      hosts: [],
      services: [],
      topics: [],
      groupBy: groupFields(c),
    };
    countLocation(alert, c, groupByOf(c).includes('host'));
    this.addSample(alert, c);
    this.byFingerprint.set(fingerprint, alert);
    this.byId.set(alert.id, alert);
    this.deletedForDisk.delete(alert.id);
    this.lastChange = 'created';
    this.touch(alert);
    if (this.byId.size > this.options.maxAlerts) this.evictIfFull(alert);
    return alert;
  }

  private describe(alert: Alert, c: AlertCandidate): void {
    alert.level = c.level;
    alert.trigger = c.trigger;
    alert.title = c.title;
    alert.reason = c.reason;
    alert.rule = c.ruleRef ?? null;
  }

  private addSample(alert: Alert, c: AlertCandidate): void {
    if (c.sample === null) return;
    pushSample(alert, c.sample, c.sampleRef ?? null, this.options.maxSamples, this.options.maxSampleChars);
  }

  private touch(alert: Alert): void {
    this.changedForUi.add(alert);
    this.changedForDisk.set(alert, true);
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
      this.changedForUi.delete(victim);
      this.changedForDisk.delete(victim);
      this.fullPersistedAt.delete(victim);
      this.deletedForDisk.add(victim.id);
      this.evicted += 1;
    }
  }
}

export function copyAlert(a: Alert): Alert {
  const copy = { ...a, samples: a.samples.slice(), ...copyLocation(a) };
  if (a.sampleRefs !== undefined) copy.sampleRefs = a.sampleRefs.slice();
  return copy;
}
