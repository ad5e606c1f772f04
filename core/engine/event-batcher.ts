/**
 * Coalesces everything the UI should hear about into at most one `EventBatch` per interval.
 * Producers call the `push*` methods as often as they like (per batch of logs); listeners see a
 * few batches per second, never one message per log. Pending state is bounded: alerts are
 * upserts keyed by id, logs are a bounded sample, status/patterns/models keep only the latest.
 */
import type {
  Alert,
  EngineEvent,
  EngineStatus,
  EventBatch,
  Incident,
  LiveLog,
  ModelStatus,
  PatternSummary,
} from '../contract';

export interface EventBatcherOptions {
  /** Milliseconds between batches; 250 gives 4 batches per second. */
  intervalMs?: number;
  /** Live-tail rows carried by one batch at most; the rest are counted as dropped. */
  maxLogsPerBatch?: number;
  /** Alerts carried by one batch at most; the rest wait for the next batch. */
  maxAlertsPerBatch?: number;
}

export class EventBatcher {
  private readonly intervalMs: number;
  private readonly maxLogs: number;
  private readonly maxAlerts: number;
  private readonly listeners = new Set<(batch: EventBatch) => void>();
  private timer: NodeJS.Timeout | null = null;
  private seq = 0;

  private status: EngineStatus | null = null;
  private readonly alerts = new Map<string, Alert>();
  /** i16a: incident upserts keyed by id (bounded by the incident store's cap). */
  private readonly incidents = new Map<string, Incident>();
  private logs: LiveLog[] = [];
  private droppedLogs = 0;
  private patterns: PatternSummary[] | null = null;
  private models: ModelStatus | null = null;
  private notify: Alert[] = [];
  private suppressed = 0;

  constructor(
    private readonly collectStatus: () => EngineStatus,
    options: EventBatcherOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 250;
    this.maxLogs = options.maxLogsPerBatch ?? 200;
    this.maxAlerts = options.maxAlertsPerBatch ?? 500;
  }

  subscribe(listener: (batch: EventBatch) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.flush(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  pushAlerts(alerts: Iterable<Alert>): void {
    for (const alert of alerts) this.alerts.set(alert.id, alert);
  }

  pushIncidents(incidents: Iterable<Incident>): void {
    for (const incident of incidents) this.incidents.set(incident.id, incident);
  }

  /** Offers live-tail rows; keeps the most recent `maxLogsPerBatch` and counts the rest. */
  pushLogs(rows: LiveLog[]): void {
    for (const row of rows) this.logs.push(row);
    const excess = this.logs.length - this.maxLogs;
    if (excess > 0) {
      this.logs.splice(0, excess);
      this.droppedLogs += excess;
    }
  }

  countDroppedLogs(n: number): void {
    this.droppedLogs += n;
  }

  pushPatterns(patterns: PatternSummary[]): void {
    this.patterns = patterns;
  }

  pushModels(models: ModelStatus): void {
    this.models = models;
  }

  pushNotifications(alerts: Alert[], suppressed: number): void {
    this.notify.push(...alerts);
    this.suppressed += suppressed;
  }

  /** Builds and delivers one batch now. Always carries the status, so the UI's charts tick. */
  flush(): EventBatch | null {
    if (this.listeners.size === 0) {
      this.discardPending();
      return null;
    }
    const events: EngineEvent[] = [{ type: 'status', status: this.collectStatus() }];
    if (this.alerts.size > 0) {
      const alerts: Alert[] = [];
      for (const [id, alert] of this.alerts) {
        if (alerts.length >= this.maxAlerts) break;
        alerts.push(alert);
        this.alerts.delete(id);
      }
      events.push({ type: 'alerts', alerts });
    }
    if (this.incidents.size > 0) {
      events.push({ type: 'incidents', incidents: Array.from(this.incidents.values()) });
      this.incidents.clear();
    }
    if (this.logs.length > 0 || this.droppedLogs > 0) {
      events.push({ type: 'logs', logs: this.logs, dropped: this.droppedLogs });
      this.logs = [];
      this.droppedLogs = 0;
    }
    if (this.patterns) events.push({ type: 'patterns', patterns: this.patterns });
    if (this.models) events.push({ type: 'models', models: this.models });
    if (this.notify.length > 0 || this.suppressed > 0) {
      events.push({ type: 'notify', alerts: this.notify, suppressed: this.suppressed });
    }
    this.patterns = null;
    this.models = null;
    this.notify = [];
    this.suppressed = 0;
    const batch: EventBatch = { seq: ++this.seq, at: Date.now(), events };
    for (const listener of this.listeners) {
      try {
        listener(batch);
      } catch (error) {
        // A failing listener (a closed window, a dead socket) must not stop the others.
        console.error('[engine] event listener failed:', error instanceof Error ? error.message : error);
      }
    }
    return batch;
  }

  private discardPending(): void {
    this.alerts.clear();
    this.incidents.clear();
    this.logs = [];
    this.droppedLogs = 0;
    this.patterns = null;
    this.models = null;
    this.notify = [];
    this.suppressed = 0;
  }
}
