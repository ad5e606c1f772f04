/**
 * Latency shift per stream (service, template, parameter): the p95 of the running interval against
 * an EWMA of the usual p95 of past intervals.
 *
 * Per value the work is a histogram increment and one compare: at each interval start the key's
 * firing threshold T = max(ratio × usual p95, floor) is fixed, and the running p95 exceeds T exactly
 * when more than 5 % of the interval's values do, so the detector counts values above T and fires
 * (once per interval) as soon as that share is reached with enough values. The histogram gives the
 * p95 figure for the message and, when the interval closes, the value the baseline learns.
 *
 * Not alerts: warm-up (a key learns `warmupIntervals` intervals with enough values first), a few
 * outliers (at least `minAbove` values and 5 % of at least `minSamples`), small absolute changes
 * (the floor: 2 ms → 8 ms is not a problem), and silence (an interval with too few values teaches
 * nothing, so a gap is never a drop and never moves the baseline).
 */
import { KeyedStates } from './keyed-states';
import { LogHistogram } from './log-histogram';

export interface LatencyShiftOptions {
  intervalMs: number;
  /** Weight of the newest interval's p95 in the usual p95 (EWMA of its logarithm). */
  alpha: number;
  /** Share of alpha given to an interval that fired: a lasting shift is learned, slowly. */
  anomalousWeight: number;
  /** The p95 must reach this multiple of the usual p95. */
  ratio: number;
  /** ... and this many seconds. */
  floorSeconds: number;
  /** Fewest values in an interval to fire or to learn from. */
  minSamples: number;
  /** Fewest values above the threshold to fire. */
  minAbove: number;
  warmupIntervals: number;
  maxKeys: number;
}

export const DEFAULT_LATENCY_SHIFT: LatencyShiftOptions = {
  intervalMs: 60_000,
  alpha: 0.2,
  anomalousWeight: 0.25,
  ratio: 3,
  floorSeconds: 0.2,
  minSamples: 20,
  minAbove: 3,
  warmupIntervals: 3,
  maxKeys: 5_000,
};

export class LatencyState {
  readonly histogram = new LogHistogram();
  above = 0;
  fired = false;
  /** Natural log of the usual p95 (seconds). */
  usualLog = 0;
  learned = 0;
  threshold = Number.POSITIVE_INFINITY;
  constructor(public interval: number) {}

  get usual(): number {
    return Math.exp(this.usualLog);
  }
}

/** What a firing reports. */
export interface LatencyShift {
  p95: number;
  usual: number;
  count: number;
}

export class LatencyShiftDetector {
  readonly options: LatencyShiftOptions;
  private readonly keys: KeyedStates<LatencyState>;

  constructor(options: Partial<LatencyShiftOptions> = {}) {
    this.options = { ...DEFAULT_LATENCY_SHIFT, ...options };
    const o = this.options;
    if (!(o.intervalMs > 0) || !(o.alpha > 0 && o.alpha <= 1) || !(o.ratio > 1)) {
      throw new Error(`invalid latency shift options: ${JSON.stringify(o)}`);
    }
    this.keys = new KeyedStates(o.maxKeys);
  }

  /** Records one duration (seconds) for `key` at event time `t`; a shift when this value made one. */
  observe(key: string, seconds: number, t: number): LatencyShift | null {
    const interval = Math.floor(t / this.options.intervalMs);
    let state = this.keys.get(key);
    if (state === undefined) state = this.keys.add(key, new LatencyState(interval));
    else if (interval > state.interval) {
      this.close(state, interval);
      this.keys.touch(key, state);
    }
    state.histogram.record(seconds);
    if (seconds <= state.threshold || state.fired) return null;
    state.above += 1;
    const count = state.histogram.total;
    if (state.above < this.options.minAbove || count < this.options.minSamples || state.above * 20 <= count) {
      return null;
    }
    state.fired = true;
    return { p95: state.histogram.quantile(0.95), usual: state.usual, count };
  }

  /** Usual p95 of a key in seconds (NaN while unknown), for tests and diagnostics. */
  usualOf(key: string): number {
    const state = this.keys.get(key);
    return state === undefined || state.learned === 0 ? Number.NaN : state.usual;
  }

  get size(): number {
    return this.keys.size;
  }

  get evicted(): number {
    return this.keys.evicted;
  }

  private close(state: LatencyState, next: number): void {
    const o = this.options;
    if (state.histogram.total >= o.minSamples) {
      const log = Math.log(state.histogram.quantile(0.95));
      if (state.learned === 0) state.usualLog = log;
      else state.usualLog += (state.fired ? o.alpha * o.anomalousWeight : o.alpha) * (log - state.usualLog);
      state.learned += 1;
    }
    state.interval = next;
    state.histogram.reset();
    state.above = 0;
    state.fired = false;
    state.threshold =
      state.learned >= o.warmupIntervals
        ? Math.max(o.ratio * state.usual, o.floorSeconds)
        : Number.POSITIVE_INFINITY;
  }
}
