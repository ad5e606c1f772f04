/**
 * WebSocket messages reaching the page, timestamped on arrival by Playwright (outside the page, so
 * measuring costs the page nothing). Each message's envelope kind is kept (`events` batches apart
 * from command replies), and for event batches the alerts they upsert and the notifications they
 * carry, read from the batch itself.
 */
import type { Page } from '@playwright/test';

export interface FrameArrival {
  at: number;
  kind: string;
  alertUpserts: number;
  notified: number;
  suppressed: number;
}

/** Bounded: beyond this many messages the rest are counted as overflow, not kept. */
const MAX_KEPT = 200_000;

interface EventLike {
  type?: unknown;
  alerts?: unknown;
  suppressed?: unknown;
}

function describeFrame(text: string, at: number): FrameArrival {
  const arrival: FrameArrival = { at, kind: 'unreadable', alertUpserts: 0, notified: 0, suppressed: 0 };
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return arrival;
  }
  if (typeof message !== 'object' || message === null) return arrival;
  const { kind, batch } = message as { kind?: unknown; batch?: { events?: unknown } };
  arrival.kind = typeof kind === 'string' ? kind : 'other';
  const events = Array.isArray(batch?.events) ? (batch.events as EventLike[]) : [];
  for (const event of events) {
    const count = Array.isArray(event.alerts) ? event.alerts.length : 0;
    if (event.type === 'alerts') arrival.alertUpserts += count;
    if (event.type === 'notify') {
      arrival.notified += count;
      arrival.suppressed += typeof event.suppressed === 'number' ? event.suppressed : 0;
    }
  }
  return arrival;
}

export class WsFrameMeter {
  readonly arrivals: FrameArrival[] = [];
  overflow = 0;

  /** Call before the page opens its socket (i.e. before `goto`). */
  attach(page: Page): void {
    page.on('websocket', (ws) => {
      ws.on('framereceived', ({ payload }) => {
        const text = typeof payload === 'string' ? payload : payload.toString('utf8');
        if (this.arrivals.length < MAX_KEPT) this.arrivals.push(describeFrame(text, Date.now()));
        else this.overflow++;
      });
    });
  }

  /** Messages that arrived in [from, to), optionally of one kind. */
  between(from: number, to: number, kind?: string): FrameArrival[] {
    return this.arrivals.filter((a) => a.at >= from && a.at < to && (kind === undefined || a.kind === kind));
  }
}

/**
 * The most arrivals in any sliding window of `windowMs` (a window starting at each arrival): stricter
 * than fixed one-second buckets, which can split a burst in two.
 */
export function maxInAnyWindow(arrivals: readonly FrameArrival[], windowMs: number): number {
  const times = arrivals.map((a) => a.at).sort((a, b) => a - b);
  let max = 0;
  let first = 0;
  for (let last = 0; last < times.length; last++) {
    while (times[last]! - times[first]! >= windowMs) first++;
    max = Math.max(max, last - first + 1);
  }
  return max;
}
