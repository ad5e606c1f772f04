/**
 * The alerting facade the engine uses: rules → grouping/lifecycle → notification policy, plus
 * persistence. Everything runs on the injected clock (`now`), nothing on timers.
 *
 * Engine loop, per batch:
 *   for each log:     manager.ingestLog(record, analysis, now); for each signal: manager.ingestSignal(s, now)
 *   after the batch:  await manager.recordBatch(now)   // then commit offsets
 * Periodically (e.g. 1 Hz): manager.tick(now); the lag detector's signals go to ingestSignal.
 * For UI event batches:  manager.drainChanged(), manager.drainNotifications().
 */
import type {
  Alert,
  AlertAction,
  AlertLevel,
  AlertQuery,
  AlertTrigger,
  Analysis,
  LogRecord,
} from '../contract';
import type { Signal } from '../detect/signal';
import type { RuleEngine } from '../rules';
import type { AlertCandidate } from './candidate';
import { AlertHistory, type AlertHistoryOptions, type HistoryStatus } from './history';
import { AlertStore, copyAlert, type AlertStoreOptions } from './alert-store';
import { NotificationPolicy, type NotificationPolicyOptions } from './notification-policy';
import { AlertRules, type RuleOptions } from './rules';
import { sampleRefOf } from './sample-ref';

export interface AlertManagerOptions {
  rules: Partial<RuleOptions>;
  store: Partial<AlertStoreOptions>;
  policy: Partial<NotificationPolicyOptions>;
  /** Pack, user and Sigma rules, consulted before the built-in fallbacks. */
  ruleEngine: RuleEngine | null;
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
  private heldNotifications: Alert[] = [];
  private heldSuppressed = 0;

  constructor(
    options: Partial<AlertManagerOptions> = {},
    private readonly history: AlertHistory | null = null,
  ) {
    this.rules = new AlertRules(options.rules, options.ruleEngine ?? null);
    this.store = new AlertStore(options.store);
    this.policy = new NotificationPolicy(options.policy);
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

  /** Either of the above, for callers that hold a union. */
  ingest(input: Signal | { record: LogRecord; analysis: Analysis }, now: number): Alert | null {
    return 'kind' in input
      ? this.ingestSignal(input, now)
      : this.ingestLog(input.record, input.analysis, now);
  }

  /** Snooze expiry, auto-resolve and the notification flush. Call about once a second. */
  tick(now: number): void {
    this.store.tick(now);
    const { notify, suppressed } = this.policy.flush(now);
    this.heldSuppressed += suppressed;
    for (const alert of notify) this.heldNotifications.push(alert);
    const overflow = this.heldNotifications.length - MAX_HELD_NOTIFICATIONS;
    if (overflow > 0) {
      this.heldNotifications.splice(0, overflow);
      this.heldSuppressed += overflow;
    }
  }

  list(query: AlertQuery = {}): Alert[] {
    return this.store.list(query);
  }

  /** Applies a UI action; throws `AlertActionError` (code not_found / invalid_state) when refused. */
  act(action: AlertAction, now: number): Alert {
    return copyAlert(this.store.act(action, now));
  }

  /** Alerts created or changed since the last call (copies, for the `alerts` event). */
  drainChanged(): Alert[] {
    return this.store.drainChanged();
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
  recordBatch(now: number): Promise<void> {
    if (this.history === null) return Promise.resolve();
    const changes = this.store.drainPersist(now);
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

  private apply(candidate: AlertCandidate, now: number): Alert {
    const alert = this.store.record(candidate, now);
    this.policy.offer(alert, now, this.store.lastChange === 'reopened');
    return alert;
  }
}
