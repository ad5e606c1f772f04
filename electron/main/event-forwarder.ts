/**
 * Forwards engine event batches to the window at most `maxPerSecond` times per second. Batches that
 * arrive faster are merged by the engine's one coalescer (core/engine/batch-coalescer.ts: snapshots,
 * latest wins; alerts and incidents, upserts by id; logs, the newest 500 with the rest counted;
 * notifications, appended with the excess counted), so nothing is lost silently and the window is
 * never flooded.
 */
import type { EventBatch } from '../../core/contract';
import { BatchCoalescer, type CoalescerLimits } from '../../core/engine/batch-coalescer';

/** The window keeps every alert change (its store is bounded), so alerts have no cap here. */
const WINDOW_LIMITS: CoalescerLimits = { maxLogs: 500, maxAlerts: Number.POSITIVE_INFINITY, maxNotify: 100 };

/** Two batches as one, as the forwarder merges them (exported for tests). */
export function mergeBatches(a: EventBatch, b: EventBatch): EventBatch {
  const coalescer = new BatchCoalescer(WINDOW_LIMITS);
  coalescer.add(a);
  coalescer.add(b);
  return coalescer.take()!;
}

export class EventForwarder {
  private readonly pending = new BatchCoalescer(WINDOW_LIMITS);
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
    this.pending.add(batch);
    const wait = this.lastSent + this.minGapMs - this.now();
    if (wait <= 0) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), wait);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending.take();
    if (batch === null) return;
    this.lastSent = this.now();
    this.send(batch);
  }

  /** Sends what is pending now: nothing merged is lost on shutdown. */
  dispose(): void {
    this.flush();
  }
}
