/**
 * A role's alerts over the cluster's topics (docs/scaling.md): an AlertView materializes the
 * compacted alerts topic and follows it; an action is checked against the state held here, sent to
 * the actions topic keyed by fingerprint with who (decided on the engine's side) and when, and
 * answered once the owning analyzer's fold has written it back (or, past `applyWaitMs`, with the
 * state the fold will write: the same pure `applyAction`).
 */
import type { Alert, AlertAction, AlertQuery, KafkaConfig } from '../../contract';
import { ActionPublisher } from '../../cluster/action-publisher';
import { AlertView } from '../../cluster/alert-view';
import type { ClusterAction } from '../../cluster/evidence';
import { applyAction, type AlertState } from '../../cluster/fold';
import type { SourceLogger } from '../../ingest/kafka-log';
import { EngineError } from '../errors';
import { alertOfState, countAlerts, listAlerts } from './cluster-alert-list';
import type { ClusterAlerts } from './role-runtime';

export interface ClusterAlertsOptions {
  kafka: KafkaConfig;
  cluster: string;
  /** Who acts through this engine (Settings actorName, else the OS user: core/alerts/actor.ts). */
  who: () => string;
  logger?: SourceLogger;
  now?: () => number;
  /** How long `act` waits for the fold to write the action back before answering without it. */
  applyWaitMs?: number;
  maxAlerts?: number;
  /** Alerts as they change on the topic, from the first materialized record on (the window's events). */
  onChange?: (alerts: Alert[]) => void;
}

interface Waiter {
  fingerprint: string;
  matches: (state: AlertState) => boolean;
  resolve: (state: AlertState | null) => void;
}

export class ViewAlerts implements ClusterAlerts {
  readonly view: AlertView;
  private readonly actions: ActionPublisher;
  private readonly listeners = new Set<(alerts: Alert[]) => void>();
  private readonly waiters = new Set<Waiter>();
  private readonly now: () => number;

  constructor(private readonly options: ClusterAlertsOptions) {
    this.now = options.now ?? Date.now;
    if (options.onChange) this.listeners.add(options.onChange);
    this.view = new AlertView({
      kafka: options.kafka,
      cluster: options.cluster,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
      ...(options.maxAlerts === undefined ? {} : { maxAlerts: options.maxAlerts }),
      onChange: (states) => this.changed(states),
    });
    this.actions = new ActionPublisher({
      kafka: options.kafka,
      cluster: options.cluster,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });
  }

  async start(): Promise<void> {
    await this.actions.connect();
    await this.view.start();
  }

  async stop(): Promise<void> {
    for (const waiter of this.waiters) waiter.resolve(null);
    this.waiters.clear();
    await this.view.stop();
    await this.actions.close();
  }

  list(query: AlertQuery, now: number): Alert[] {
    return listAlerts(this.view.all(), query, now);
  }

  counts() {
    return countAlerts(this.view.all());
  }

  size(): number {
    return this.view.all().length;
  }

  whenCaughtUp(listener: () => void): void {
    this.view.whenCaughtUp(listener);
  }

  badRecords(): number {
    return this.view.badRecords;
  }

  onChange(listener: (alerts: Alert[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async act(action: AlertAction, now: number): Promise<Alert> {
    const state = this.view.all().find((s) => s.alert.id === action.id);
    if (state === undefined) throw new EngineError('not_found', `no alert ${action.id} in this cluster`);
    const record: ClusterAction = {
      v: 1,
      fingerprint: state.alert.fingerprint,
      action: action.action,
      ...(action.action === 'snooze' ? { durationMs: action.durationMs } : {}),
      ...(action.action === 'note' ? { text: action.text } : {}),
      who: this.options.who(),
      at: now,
    };
    // The fold applies the same pure function: refuse here what it would refuse there.
    const expected = applyAction(state, record);
    if (!expected.ok) throw new EngineError('conflict', `alert ${action.id}: ${expected.reason}`);
    const applied = this.waitFor(record);
    try {
      await this.actions.publish(record);
    } catch (error) {
      applied.cancel();
      throw new EngineError('unavailable', `could not send the action: ${(error as Error).message}`);
    }
    const written = await applied.done;
    return alertOfState(written ?? expected.state, this.now());
  }

  private waitFor(record: ClusterAction): { done: Promise<AlertState | null>; cancel: () => void } {
    let waiter!: Waiter;
    let timer: NodeJS.Timeout | undefined;
    const done = new Promise<AlertState | null>((resolve) => {
      waiter = {
        fingerprint: record.fingerprint,
        matches: (state) =>
          state.actions.some((a) => a.at === record.at && a.who === record.who && a.action === record.action),
        resolve: (state) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(state);
        },
      };
      timer = setTimeout(() => waiter.resolve(null), this.options.applyWaitMs ?? 5_000);
      timer.unref();
    });
    this.waiters.add(waiter);
    return { done, cancel: () => waiter.resolve(null) };
  }

  private changed(states: readonly AlertState[]): void {
    for (const waiter of this.waiters) {
      const state = states.find((s) => s.alert.fingerprint === waiter.fingerprint);
      if (state !== undefined && waiter.matches(state)) waiter.resolve(state);
    }
    if (this.listeners.size === 0) return;
    const now = this.now();
    const alerts = states.map((s) => alertOfState(s, now));
    for (const listener of this.listeners) listener(alerts);
  }
}
