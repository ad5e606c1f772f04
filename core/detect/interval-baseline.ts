/**
 * Per-key counts in fixed intervals, with an exponentially weighted baseline of past intervals.
 *
 * Why this design: a spike detector sits on the hot path, so the per-event work is a map lookup,
 * an integer compare and an increment. All the arithmetic (EWMA of mean and variance, the firing
 * threshold) happens once per key per interval, when the interval closes.
 *
 * Intervals are aligned to multiples of `intervalMs` of the time the caller passes (event time,
 * see rate-spike.ts). An event stamped in the interval before the key's current one (out of order
 * across partitions or hosts) is counted in the current one; an event older than that is counted
 * as `late` and not in any interval (its interval was already judged and learned).
 *
 * Gaps (gaps.ts: the engine stopped, the source down or catching up): an interval that touches a
 * gap is neither learned (a half-empty interval is not a drop) nor allowed to fire (the backlog
 * read after an outage is not a spike), and the empty intervals inside a gap are not learned as
 * zeros. An interval holding a `stale` event (a log far older than the clock, i.e. a replay) is
 * treated the same way.
 */
import type { GapView } from './gaps';

export interface IntervalBaselineOptions {
  /** Length of one counting interval. */
  intervalMs: number;
  /** Weight of the newest closed interval in the EWMA (0 < alpha ≤ 1). */
  alpha: number;
  /** How many standard deviations above the mean an interval must reach to fire. */
  k: number;
  /** Fewest events in an interval that may fire: keeps tiny keys from paging anybody. */
  minCount: number;
  /** The interval must also reach this multiple of the mean: keeps huge keys from firing on +5 %. */
  minRatio: number;
  /** Closed intervals a key needs before it may fire (its baseline is meaningless before). */
  warmupIntervals: number;
  /** Most keys tracked; the key idle for the most intervals is dropped first. */
  maxKeys: number;
  /**
   * Share of `alpha` given to an interval that fired: a sustained spike still teaches the baseline
   * (so a new normal is learned) but slowly enough that the spike is reported for a while.
   */
  anomalousWeight: number;
  /** Empty intervals replayed into the baseline after a silence; past this the baseline is ~0 anyway. */
  maxCatchUpIntervals: number;
}

export const DEFAULT_INTERVAL_BASELINE: IntervalBaselineOptions = {
  intervalMs: 10_000,
  alpha: 0.2,
  k: 4,
  minCount: 20,
  minRatio: 2,
  warmupIntervals: 6,
  maxKeys: 10_000,
  anomalousWeight: 0.25,
  maxCatchUpIntervals: 60,
};

/** State of one key. Exposed read-only so a detector can describe a spike. */
export interface KeyBaseline {
  readonly interval: number;
  readonly count: number;
  readonly mean: number;
  readonly variance: number;
  readonly closedIntervals: number;
}

class KeyState implements KeyBaseline {
  count = 0;
  mean = 0;
  variance = 0;
  closedIntervals = 0;
  /** Count at which the current interval fires; Infinity while warming up or after firing. */
  fireAt = Number.POSITIVE_INFINITY;
  firedThisInterval = false;
  /** The current interval holds a stale (replayed) event: it neither fires nor is learned. */
  replay = false;
  constructor(public interval: number) {}
}

export class IntervalBaseline {
  private readonly options: IntervalBaselineOptions;
  private readonly keys = new Map<string, KeyState>();
  private evicted = 0;
  private lateEvents = 0;
  private suppressedFires = 0;

  constructor(
    options: Partial<IntervalBaselineOptions> = {},
    private readonly gaps: GapView | null = null,
  ) {
    this.options = { ...DEFAULT_INTERVAL_BASELINE, ...options };
    const o = this.options;
    if (!(o.intervalMs > 0) || !(o.alpha > 0 && o.alpha <= 1) || !(o.maxKeys >= 1) || !(o.k >= 0)) {
      throw new Error(`invalid interval baseline options: ${JSON.stringify(o)}`);
    }
  }

  /**
   * Counts one event for `key` at time `t`. Returns the key's state when this event made the
   * current interval cross its threshold (at most once per key per interval), otherwise null.
   * `stale`: the event is a replay of old data counted at arrival time (it may not fire).
   */
  observe(key: string, t: number, stale = false): KeyBaseline | null {
    const interval = Math.floor(t / this.options.intervalMs);
    let state = this.keys.get(key);
    if (state === undefined) {
      state = this.insert(key, interval);
    } else if (interval > state.interval) {
      this.close(state, interval);
      // Re-insert so Map order is "least recently active interval first" (approximate LRU, paid
      // once per key per interval instead of on every event).
      this.keys.delete(key);
      this.keys.set(key, state);
    } else if (interval < state.interval - 1) {
      this.lateEvents += 1;
      return null;
    }
    if (stale) state.replay = true;
    state.count += 1;
    if (state.count >= state.fireAt) {
      state.fireAt = Number.POSITIVE_INFINITY;
      // Checked only here, when the threshold is crossed (rare): the hot path stays a compare.
      if (state.replay || this.inGap(state.interval)) {
        this.suppressedFires += 1;
        return null;
      }
      state.firedThisInterval = true;
      return state;
    }
    return null;
  }

  /** The standard deviation used for the threshold: never below Poisson noise (√mean). */
  static sigma(state: KeyBaseline): number {
    return Math.sqrt(Math.max(state.variance, state.mean));
  }

  get size(): number {
    return this.keys.size;
  }

  get evictedKeys(): number {
    return this.evicted;
  }

  /** Events older than their key's previous interval, not counted (see the header). */
  get late(): number {
    return this.lateEvents;
  }

  /** Thresholds crossed in an interval that touched a gap or held replayed logs: not reported. */
  get suppressed(): number {
    return this.suppressedFires;
  }

  private insert(key: string, interval: number): KeyState {
    if (this.keys.size >= this.options.maxKeys) {
      const oldest = this.keys.keys().next();
      if (!oldest.done) {
        this.keys.delete(oldest.value);
        this.evicted += 1;
      }
    }
    const state = new KeyState(interval);
    this.keys.set(key, state);
    return state;
  }

  private close(state: KeyState, nextInterval: number): void {
    const o = this.options;
    if (!state.replay && !this.inGap(state.interval)) this.learn(state, state.count, state.firedThisInterval);
    const first = Math.max(state.interval + 1, nextInterval - o.maxCatchUpIntervals);
    for (let i = first; i < nextInterval; i++) if (!this.inGap(i)) this.learn(state, 0, false);
    state.interval = nextInterval;
    state.count = 0;
    state.firedThisInterval = false;
    state.replay = false;
    state.fireAt =
      state.closedIntervals >= o.warmupIntervals ? this.threshold(state) : Number.POSITIVE_INFINITY;
  }

  /** True when interval number `interval` touches a gap. */
  private inGap(interval: number): boolean {
    if (this.gaps === null) return false;
    const from = interval * this.options.intervalMs;
    return this.gaps.overlaps(from, from + this.options.intervalMs - 1);
  }

  /** Incremental EWMA of mean and variance (West 1979 / Finch 2009). */
  private learn(state: KeyState, x: number, anomalous: boolean): void {
    if (state.closedIntervals === 0) {
      state.mean = x;
      state.variance = 0;
    } else {
      const alpha = anomalous ? this.options.alpha * this.options.anomalousWeight : this.options.alpha;
      const diff = x - state.mean;
      const increment = alpha * diff;
      state.mean += increment;
      state.variance = (1 - alpha) * (state.variance + diff * increment);
    }
    state.closedIntervals += 1;
  }

  private threshold(state: KeyState): number {
    const o = this.options;
    const bySigma = Math.floor(state.mean + o.k * IntervalBaseline.sigma(state)) + 1;
    const byRatio = Math.ceil(state.mean * o.minRatio);
    return Math.max(o.minCount, bySigma, byRatio, 1);
  }
}
