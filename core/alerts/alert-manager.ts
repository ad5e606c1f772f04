/**
 * The alerting facade the engine uses: rules → grouping/lifecycle → notification policy, plus
 * persistence. Everything runs on the injected clock (`now`), nothing on timers.
 *
 * Engine loop, per batch:
 *   for each log:     manager.ingestLog(record, analysis, now); for each signal: manager.ingestSignal(s, now)
 *   after the batch:  await manager.recordBatch(now)   // then commit offsets
 * Periodically (e.g. 1 Hz): manager.tick(now); the lag detector's signals go to ingestSignal.
 * For UI event batches:  manager.drainChanged(), manager.drainChangedIncidents(), manager.drainNotifications().
 *
 * Incidents (incidents/): every created or reopened alert is placed in an incident; notifications
 * are per incident (opened, escalated, reopened), never per joining alert. Actions are recorded
 * with `actor`, which the engine decides (Settings `actorName`, else the OS user).
 */
import type {
  Alert,
  AlertAction,
  AlertLevel,
  AlertQuery,
  AlertTrigger,
  Analysis,
  Incident,
  LogRecord,
} from '../contract';
import type { Signal } from '../detect/signal';
import type { RuleEngine } from '../rules';
import type { AlertCandidate } from './candidate';
import { AlertHistory, type AlertHistoryOptions, type HistoryStatus } from './history';
import { AlertStore, copyAlert, type AlertStoreOptions, type OccurrenceChange } from './alert-store';
import { AppliedOffsets } from './applied-offsets';
import type { AppliedOffset } from './history-offsets';
import { NotificationPolicy, type NotificationPolicyOptions } from './notification-policy';
import { AlertRules, type RuleOptions } from './rules';
import { SYSTEM_ACTOR } from './audit';
import { actOnIncident, incidentNotice, IncidentStore, noticeKey, type IncidentOptions } from './incidents';
import { sampleRefOf } from './sample-ref';

export interface AlertManagerOptions {
  rules: Partial<RuleOptions>;
  store: Partial<AlertStoreOptions>;
  policy: Partial<NotificationPolicyOptions>;
  /** Pack, user and Sigma rules, consulted before the built-in fallbacks. */
  ruleEngine: RuleEngine | null;
  /** Incident grouping (Settings `incidents`). */
  incidents: Partial<IncidentOptions>;
  /** Who acts through the UI and the API: decided by the engine (core/alerts/actor.ts). */
  actor: string;
}

export interface Notifications {
  alerts: Alert[];
  suppressed: number;
}

/** Most notifications held between two drains; older ones are dropped and counted as suppressed. */
const MAX_HELD_NOTIFICATIONS = 100;

export class AlertManager {
  readonly rules: AlertRules;
  readonly store: AlertStore;
  readonly policy: NotificationPolicy;
  readonly incidents: IncidentStore;
  readonly actor: string;
  /** Issue 19: the log offsets the state holds (standalone `workers: N`; empty otherwise). */
  readonly applied = new AppliedOffsets();
  private heldNotifications: Alert[] = [];
  private heldSuppressed = 0;

  constructor(
    options: Partial<AlertManagerOptions> = {},
    private readonly history: AlertHistory | null = null,
  ) {
    this.rules = new AlertRules(options.rules, options.ruleEngine ?? null);
    this.store = new AlertStore(options.store);
    this.policy = new NotificationPolicy(options.policy);
    this.incidents = new IncidentStore(this.store, options.incidents);
    this.actor = options.actor ?? SYSTEM_ACTOR;
  }

  /**
   * A manager whose alerts persist in `historyOptions.dir`, loaded from it before returning.
   * Never throws for disk problems: see `historyStatus()`.
   */
  static async open(
    historyOptions: Partial<AlertHistoryOptions> & { dir: string },
    options: Partial<AlertManagerOptions>,
    now: number,
  ): Promise<AlertManager> {
    const history = new AlertHistory(historyOptions);
    const manager = new AlertManager(options, history);
    manager.store.restore(await history.load(now));
    manager.incidents.restore(history.incidents.current());
    manager.applied.load(history.offsets.current());
    return manager;
  }

  /**
   * One analyzed log. Returns the alert it counted into (the live object: read it, do not keep or
   * mutate it; `drainChanged` gives copies), or null (most logs).
   */
  ingestLog(record: LogRecord, analysis: Analysis, now: number): Alert | null {
    const candidate = this.rules.evaluateLog(record, analysis, now);
    if (candidate === null) return null;
    const alert = this.apply(candidate, now);
    // A/B model testing: an alert raised (or reopened, escalated) by a log an experiment arm decided records that arm.
    if (analysis.arm !== undefined && this.store.lastChange !== 'repeated')
      this.store.stampArm(alert, analysis.arm);
    return alert;
  }

  /** Stores an engineer's verdict ("useful" or "noise") with the alert and its arm; throws `AlertActionError` (not_found). */
  verdict(
    id: string,
    verdict: 'useful' | 'noise',
    who: string,
    now: number,
  ): { alert: Alert; previous: 'useful' | 'noise' | null } {
    const current = this.store.get(id);
    const { alert, previous } = this.store.setVerdict(id, {
      verdict,
      at: now,
      who,
      arm: current?.arm ?? null,
    });
    return { alert: copyAlert(alert), previous: previous?.verdict ?? null };
  }

  /** One detector signal; `source`: the log that produced it, when one did (its sample's provenance). */
  ingestSignal(signal: Signal, now: number, source: LogRecord | null = null): Alert | null {
    const candidate = this.rules.evaluateSignal(signal);
    if (candidate === null) return null;
    if (source !== null && candidate.sample !== null) candidate.sampleRef = sampleRefOf(source);
    return this.apply(candidate, now);
  }

  /** A candidate built elsewhere (a replay, a test): grouped, placed in an incident, offered to the policy. */
  ingestCandidate(candidate: AlertCandidate, now: number): Alert {
    return this.apply(candidate, now);
  }

  /** Either of the above, for callers that hold a union. */
  ingest(input: Signal | { record: LogRecord; analysis: Analysis }, now: number): Alert | null {
    return 'kind' in input
      ? this.ingestSignal(input, now)
      : this.ingestLog(input.record, input.analysis, now);
  }

  /** Snooze expiry, auto-resolve and the notification flush. Call about once a second. */
  tick(now: number): void {
    this.store.tick(now);
    this.incidents.tick(now);
    const { notify, suppressed } = this.policy.flush(now);
    this.heldSuppressed += suppressed;
    for (const notice of notify) this.heldNotifications.push(this.refreshNotice(notice, now));
    const overflow = this.heldNotifications.length - MAX_HELD_NOTIFICATIONS;
    if (overflow > 0) {
      this.heldNotifications.splice(0, overflow);
      this.heldSuppressed += overflow;
    }
  }

  list(query: AlertQuery = {}, now: number = Date.now()): Alert[] {
    return this.store.list(query, now);
  }

  /** Applies a UI action; throws `AlertActionError` (code not_found / invalid_state) when refused. */
  act(action: AlertAction, now: number): Alert {
    const alert = this.store.act(action, now, this.actor);
    this.incidents.afterAlertAction(alert, action, now, this.actor);
    return copyAlert(this.store.freshen(alert, now));
  }

  listIncidents(query: AlertQuery = {}): Incident[] {
    return this.incidents.list(query);
  }

  /** The incident and its alerts; throws `AlertActionError` (not_found) for an unknown id. */
  incidentDetail(id: string, now: number): { incident: Incident; alerts: Alert[] } {
    return this.incidents.detail(id, now);
  }

  /** ack / snooze / resolve on an incident and its alerts, or a note on it; returns its detail. */
  actOnIncident(action: AlertAction, now: number): { incident: Incident; alerts: Alert[] } {
    const incident = actOnIncident(this.incidents, this.store, action, now, this.actor);
    if (action.action !== 'note') this.policy.withdraw(noticeKey(incident));
    return this.incidents.detail(incident.id, now);
  }

  /** Alerts created or changed since the last call (copies, for the `alerts` event). */
  drainChanged(now: number = Date.now()): Alert[] {
    return this.store.drainChanged(now);
  }

  /** Incidents created or changed since the last call (copies, for the `incidents` event). */
  drainChangedIncidents(): Incident[] {
    return this.incidents.drainChanged();
  }

  /** Notifications selected by the policy since the last call (for the `notify` event). */
  drainNotifications(): Notifications {
    const out = { alerts: this.heldNotifications, suppressed: this.heldSuppressed };
    this.heldNotifications = [];
    this.heldSuppressed = 0;
    return out;
  }

  /**
   * Persists the changes since the last call; resolves when they are durable (or when the history
   * is degraded: it never rejects). Await it before committing the batch's offsets.
   */
  recordBatch(now: number, applied?: readonly AppliedOffset[]): Promise<void> {
    // `applied`: the log offsets these changes bring the state to, written in the same journal line.
    if (applied !== undefined) for (const entry of applied) this.applied.advance(entry);
    if (this.history === null) return Promise.resolve();
    const changes = {
      ...this.store.drainPersist(now),
      incidents: this.incidents.drainPersist(now),
      ...(applied === undefined ? {} : { applied }),
    };
    return this.history.write(changes, () => Array.from(this.store.all(), copyAlert), now);
  }

  /** Open and acknowledged alerts by level and trigger (Stats.countsByLevel / countsByTrigger). */
  counts(): { byLevel: Record<AlertLevel, number>; byTrigger: Record<AlertTrigger, number> } {
    return this.store.counts();
  }

  /** Waits for pending history writes and releases files (engine stop). */
  async close(): Promise<void> {
    if (this.history !== null) await this.history.close();
  }

  /** Null when the manager runs without persistence. */
  historyStatus(): HistoryStatus | null {
    return this.history === null ? null : this.history.status();
  }

  /** A notice as its incident stands now: the count and samples collected during the group wait. */
  private refreshNotice(notice: Alert, now: number): Alert {
    const incident = notice.incidentId ? this.incidents.get(notice.incidentId) : undefined;
    const leader = incident === undefined ? undefined : this.incidents.leaderOf(incident);
    if (incident === undefined || leader === undefined) return notice;
    return incidentNotice(incident, this.store.freshen(leader, now));
  }

  private apply(candidate: AlertCandidate, now: number): Alert {
    const alert = this.store.record(candidate, now);
    return this.placed(alert, this.store.lastChange, now);
  }

  /**
   * Issue 19 (standalone `workers: N`): an alert changed by folding another engine thread's evidence
   * (the live alert, already adopted or marked changed in the store): placed in an incident and
   * offered to the notification policy as a recorded occurrence would be.
   */
  placed(alert: Alert, change: OccurrenceChange, now: number): Alert {
    if (change === 'repeated') {
      this.incidents.count(alert, now);
      return alert;
    }
    const { incident, effect } = this.incidents.place(alert, change, now);
    if (effect === null) return alert;
    const leader = this.incidents.leaderOf(incident);
    if (leader !== undefined) this.policy.offer(incidentNotice(incident, leader), now, effect === 'reopened');
    return alert;
  }
}
