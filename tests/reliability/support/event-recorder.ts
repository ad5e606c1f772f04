/**
 * Listens to the engine's event batches the way a window does, and keeps what the storm scenario
 * measures: when each batch arrived, and the notifications the policy selected (with the batch
 * time). Bounded by the scenario's length (a few batches per second).
 */
import type { EventBatch } from '../../../core/contract';

export interface NotificationEvent {
  /** The batch's own time (`EventBatch.at`). */
  at: number;
  alerts: number;
  suppressed: number;
}

export class EventRecorder {
  readonly arrivals: number[] = [];
  readonly notifications: NotificationEvent[] = [];
  alertUpserts = 0;

  readonly listener = (batch: EventBatch): void => {
    this.arrivals.push(Date.now());
    for (const event of batch.events) {
      if (event.type === 'notify') {
        this.notifications.push({ at: batch.at, alerts: event.alerts.length, suppressed: event.suppressed });
      } else if (event.type === 'alerts') {
        this.alertUpserts += event.alerts.length;
      }
    }
  };

  notified(): number {
    return this.notifications.reduce((sum, n) => sum + n.alerts, 0);
  }

  suppressed(): number {
    return this.notifications.reduce((sum, n) => sum + n.suppressed, 0);
  }
}

/** The largest sum of `weight` over any window [t, t + windowMs) starting at an item. */
export function maxInWindow<T>(
  items: readonly T[],
  time: (item: T) => number,
  weight: (item: T) => number,
  windowMs: number,
): number {
  let best = 0;
  let start = 0;
  let sum = 0;
  const sorted = items.slice().sort((a, b) => time(a) - time(b));
  for (let end = 0; end < sorted.length; end++) {
    sum += weight(sorted[end]!);
    while (time(sorted[end]!) - time(sorted[start]!) >= windowMs) sum -= weight(sorted[start++]!);
    best = Math.max(best, sum);
  }
  return best;
}
