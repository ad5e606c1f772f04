/**
 * Forwards engine event batches to the window at most `maxPerSecond` times per second. Batches that
 * arrive faster are merged (status and patterns: latest wins; alerts and incidents: upsert by id; logs: bounded
 * concatenation; notifications: summed), so nothing is lost but the window is never flooded.
 */
import type { Alert, EngineEvent, EventBatch, Incident, LiveLog } from '../../core/contract';

const MAX_LOGS = 500;

export function mergeBatches(a: EventBatch, b: EventBatch): EventBatch {
  const byType = new Map<EngineEvent['type'], EngineEvent>();
  const alerts = new Map<string, Alert>();
  const incidents = new Map<string, Incident>();
  let logs: LiveLog[] = [];
  let dropped = 0;
  let notify: Alert[] = [];
  let suppressed = 0;
  for (const event of [...a.events, ...b.events]) {
    switch (event.type) {
      case 'alerts':
        for (const alert of event.alerts) alerts.set(alert.id, alert);
        break;
      case 'incidents':
        for (const incident of event.incidents) incidents.set(incident.id, incident);
        break;
      case 'logs':
        logs = logs.concat(event.logs);
        dropped += event.dropped;
        break;
      case 'notify':
        notify = notify.concat(event.alerts);
        suppressed += event.suppressed;
        break;
      default:
        byType.set(event.type, event);
    }
  }
  if (logs.length > MAX_LOGS) {
    dropped += logs.length - MAX_LOGS;
    logs = logs.slice(-MAX_LOGS);
  }
  const events: EngineEvent[] = [...byType.values()];
  if (alerts.size > 0) events.push({ type: 'alerts', alerts: [...alerts.values()] });
  if (incidents.size > 0) events.push({ type: 'incidents', incidents: [...incidents.values()] });
  if (logs.length > 0 || dropped > 0) events.push({ type: 'logs', logs, dropped });
  if (notify.length > 0 || suppressed > 0) events.push({ type: 'notify', alerts: notify, suppressed });
  return { seq: b.seq, at: b.at, events };
}

export class EventForwarder {
  private pending: EventBatch | null = null;
  private lastSent = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly minGapMs: number;

  constructor(
    private readonly send: (batch: EventBatch) => void,
    maxPerSecond = 10,
    private readonly now: () => number = Date.now,
  ) {
    this.minGapMs = 1000 / maxPerSecond;
  }

  push(batch: EventBatch): void {
    this.pending = this.pending ? mergeBatches(this.pending, batch) : batch;
    const wait = this.lastSent + this.minGapMs - this.now();
    if (wait <= 0) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), wait);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.pending) return;
    const batch = this.pending;
    this.pending = null;
    this.lastSent = this.now();
    this.send(batch);
  }

  /** Sends what is pending now: nothing merged is lost on shutdown. */
  dispose(): void {
    this.flush();
  }
}
