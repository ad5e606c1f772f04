/**
 * The event stream to one WebSocket client: at most `MAX_BATCHES_PER_SECOND` batches per second,
 * merging whatever arrives in between (BatchCoalescer), and never queueing without bound. When the
 * socket's own send buffer is above a soft mark the channel holds back and keeps merging; above a
 * hard mark, or when held back for too long, or when the merge overflows, it closes the client with
 * 1013 (try again later) so that a stalled browser tab cannot make the host hold memory for it.
 *
 * Batches are renumbered per connection (1, 2, 3, ...): merging loses nothing (trimmed live-tail rows
 * are counted in `dropped`), so the client must not see a gap in `seq` and resynchronize for it. A
 * gap would mean a lost batch, which this channel never causes: it closes the connection instead.
 */
import { MAX_BATCHES_PER_SECOND, type EventBatch } from '../contract';
import { BatchCoalescer, DEFAULT_COALESCER_LIMITS, type CoalescerLimits } from '../engine/batch-coalescer';

/** The part of a WebSocket the channel needs (so tests can drive it without a network). */
export interface EventTransport {
  readonly bufferedAmount: number;
  send(text: string): void;
  close(code: number, reason: string): void;
}

/** Time, injectable so that tests advance it by hand instead of waiting. */
export interface Clock {
  now(): number;
  /** Runs `fn` after `ms`; returns a cancel function. */
  setTimer(fn: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

export interface EventChannelOptions {
  minIntervalMs?: number;
  softBufferBytes?: number;
  hardBufferBytes?: number;
  /** How long the channel may hold back behind a full send buffer before giving up on the client. */
  maxStallMs?: number;
  limits?: CoalescerLimits;
  clock?: Clock;
}

export const CLOSE_TOO_SLOW = 1013;

export class EventChannel {
  private readonly coalescer: BatchCoalescer;
  private readonly minIntervalMs: number;
  private readonly softBufferBytes: number;
  private readonly hardBufferBytes: number;
  private readonly maxStallMs: number;
  private readonly clock: Clock;
  private cancelTimer: (() => void) | null = null;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private stalledSince: number | null = null;
  private closed = false;
  private nextSeq = 1;
  /** Batches sent and batches merged away, for the host's own diagnostics and the tests. */
  sent = 0;
  merged = 0;

  constructor(
    private readonly transport: EventTransport,
    options: EventChannelOptions = {},
  ) {
    this.minIntervalMs = options.minIntervalMs ?? Math.ceil(1000 / MAX_BATCHES_PER_SECOND);
    this.softBufferBytes = options.softBufferBytes ?? 1024 * 1024;
    this.hardBufferBytes = options.hardBufferBytes ?? 8 * 1024 * 1024;
    this.maxStallMs = options.maxStallMs ?? 30_000;
    this.clock = options.clock ?? systemClock;
    this.coalescer = new BatchCoalescer(options.limits ?? DEFAULT_COALESCER_LIMITS);
  }

  push(batch: EventBatch): void {
    if (this.closed) return;
    if (!this.coalescer.isEmpty) this.merged++;
    this.coalescer.add(batch);
    if (this.coalescer.overflow) {
      this.giveUp('too many alert changes waiting for this client; reconnect and reload');
      return;
    }
    this.schedule();
  }

  /** Stops sending; pending events are discarded (the socket is gone). */
  dispose(): void {
    this.closed = true;
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  private schedule(): void {
    if (this.cancelTimer !== null) return;
    const wait = Math.max(0, this.lastSentAt + this.minIntervalMs - this.clock.now());
    this.cancelTimer = this.clock.setTimer(() => {
      this.cancelTimer = null;
      this.flush();
    }, wait);
  }

  private flush(): void {
    if (this.closed || this.coalescer.isEmpty) return;
    const buffered = this.transport.bufferedAmount;
    if (buffered > this.hardBufferBytes) {
      this.giveUp('client is not reading its events');
      return;
    }
    const now = this.clock.now();
    if (buffered > this.softBufferBytes) {
      this.stalledSince ??= now;
      if (now - this.stalledSince > this.maxStallMs) {
        this.giveUp('client is not reading its events');
        return;
      }
      // Hold back and keep merging; look again after one interval.
      this.lastSentAt = now;
      this.schedule();
      return;
    }
    this.stalledSince = null;
    const batch = this.coalescer.take();
    if (batch === null) return;
    this.lastSentAt = now;
    this.sent++;
    this.transport.send(JSON.stringify({ kind: 'events', batch: { ...batch, seq: this.nextSeq++ } }));
  }

  private giveUp(reason: string): void {
    this.dispose();
    this.transport.close(CLOSE_TOO_SLOW, reason);
  }
}
