/**
 * Merges the event batches waiting for one receiver (a WebSocket client, the desktop window) into a
 * single batch, so that a receiver that is rate limited or slow gets the latest state rather than a
 * growing backlog. The merge follows the meaning of each event (core/engine/event-batcher.ts):
 * - status, patterns, models: snapshots, the latest wins;
 * - alerts: upserts by id, the latest version of each alert wins;
 * - logs: a sample with a `dropped` count; rows beyond the cap are trimmed into `dropped`;
 * - notify: appended; alerts beyond the cap are counted into `suppressed`;
 * - incidents: upserts by id like alerts (the engine keeps at most 1,000 incidents).
 * Alerts cannot be trimmed without the client missing a change, so when more distinct alerts wait
 * than the cap allows the coalescer reports overflow and the hub disconnects the client (it
 * reconnects and reloads the full list), which keeps memory bounded without losing anything silently.
 * The merged batch keeps the latest `seq` and `at` (the channel renumbers `seq` per connection).
 */
import type {
  Alert,
  EngineStatus,
  EventBatch,
  Incident,
  LiveLog,
  ModelStatus,
  PatternSummary,
  EngineEvent,
} from '../contract';

export interface CoalescerLimits {
  maxLogs: number;
  maxAlerts: number;
  maxNotify: number;
}

export const DEFAULT_COALESCER_LIMITS: CoalescerLimits = { maxLogs: 500, maxAlerts: 5000, maxNotify: 100 };

export class BatchCoalescer {
  private seq = 0;
  private at = 0;
  private pending = false;
  private status: EngineStatus | null = null;
  private patterns: PatternSummary[] | null = null;
  private models: ModelStatus | null = null;
  private readonly alerts = new Map<string, Alert>();
  private readonly incidents = new Map<string, Incident>();
  private logs: LiveLog[] = [];
  private logsSeen = false;
  private dropped = 0;
  private notify: Alert[] = [];
  private notifySeen = false;
  private suppressed = 0;
  private overflowed = false;

  constructor(private readonly limits: CoalescerLimits = DEFAULT_COALESCER_LIMITS) {}

  /** Whether more distinct alerts waited than the cap allows (the client must be disconnected). */
  get overflow(): boolean {
    return this.overflowed;
  }

  get isEmpty(): boolean {
    return !this.pending;
  }

  add(batch: EventBatch): void {
    this.pending = true;
    this.seq = batch.seq;
    this.at = batch.at;
    for (const event of batch.events) this.addEvent(event);
  }

  /** The merged batch, or null when nothing waits; the coalescer is empty afterwards. */
  take(): EventBatch | null {
    if (!this.pending) return null;
    const events: EngineEvent[] = [];
    if (this.status !== null) events.push({ type: 'status', status: this.status });
    if (this.alerts.size > 0) events.push({ type: 'alerts', alerts: [...this.alerts.values()] });
    if (this.incidents.size > 0) events.push({ type: 'incidents', incidents: [...this.incidents.values()] });
    if (this.logsSeen) events.push({ type: 'logs', logs: this.logs, dropped: this.dropped });
    if (this.patterns !== null) events.push({ type: 'patterns', patterns: this.patterns });
    if (this.models !== null) events.push({ type: 'models', models: this.models });
    if (this.notifySeen) events.push({ type: 'notify', alerts: this.notify, suppressed: this.suppressed });
    const batch: EventBatch = { seq: this.seq, at: this.at, events };
    this.reset();
    return batch;
  }

  private addEvent(event: EngineEvent): void {
    switch (event.type) {
      case 'status':
        this.status = event.status;
        return;
      case 'patterns':
        this.patterns = event.patterns;
        return;
      case 'models':
        this.models = event.models;
        return;
      case 'alerts':
        for (const alert of event.alerts) {
          // Re-inserting moves an updated alert to the end, so the merged list stays in update order.
          this.alerts.delete(alert.id);
          this.alerts.set(alert.id, alert);
        }
        if (this.alerts.size > this.limits.maxAlerts) this.overflowed = true;
        return;
      case 'incidents':
        for (const incident of event.incidents) {
          this.incidents.delete(incident.id);
          this.incidents.set(incident.id, incident);
        }
        if (this.incidents.size > this.limits.maxAlerts) this.overflowed = true;
        return;
      case 'logs': {
        this.logsSeen = true;
        this.dropped += event.dropped;
        this.logs = this.logs.length === 0 ? event.logs.slice() : this.logs.concat(event.logs);
        const excess = this.logs.length - this.limits.maxLogs;
        if (excess > 0) {
          this.logs.splice(0, excess);
          this.dropped += excess;
        }
        return;
      }
      case 'notify': {
        this.notifySeen = true;
        this.suppressed += event.suppressed;
        const room = this.limits.maxNotify - this.notify.length;
        this.notify.push(...event.alerts.slice(0, Math.max(0, room)));
        this.suppressed += Math.max(0, event.alerts.length - Math.max(0, room));
        return;
      }
    }
  }

  private reset(): void {
    this.pending = false;
    this.status = null;
    this.patterns = null;
    this.models = null;
    this.alerts.clear();
    this.incidents.clear();
    this.logs = [];
    this.logsSeen = false;
    this.dropped = 0;
    this.notify = [];
    this.notifySeen = false;
    this.suppressed = 0;
    this.overflowed = false;
  }
}
