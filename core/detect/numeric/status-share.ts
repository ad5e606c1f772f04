/**
 * Share of HTTP 5xx answers per stream (service, else host, else topic) per interval, against an
 * EWMA of its usual share. Per answer the work is two increments and a compare.
 *
 * Fires (within the interval, once per level: medium, then high, then critical if it worsens) when
 * at least `minErrors` answers were 5xx and their share reaches `minShare` and `ratio` × the usual
 * share. While a stream warms up its usual share is unknown, so only a share of `coldShare` or more
 * fires then. Levels follow the severity ladder: degradation (medium), `severeShare` or more is a
 * failure that needs a person now (high), and `outageShare` of at least `outageMinTotal` answers is
 * an outage (critical). An interval with fewer than `minTotal` answers teaches nothing (a quiet
 * period is not a change).
 */
import type { AlertLevel } from '../../contract';
import { KeyedStates } from './keyed-states';

export interface StatusShareOptions {
  intervalMs: number;
  alpha: number;
  anomalousWeight: number;
  minErrors: number;
  minShare: number;
  ratio: number;
  /**
   * The 5xx count must also exceed what the usual share predicts by this many standard deviations
   * (binomial, ≈ √expected), so the first answers of an interval cannot fire on chance.
   */
  k: number;
  /** The usual share is taken as at least this (a service that never fails is not "∞ × usual"). */
  usualFloor: number;
  minTotal: number;
  warmupIntervals: number;
  coldShare: number;
  severeShare: number;
  outageShare: number;
  outageMinTotal: number;
  maxKeys: number;
}

export const DEFAULT_STATUS_SHARE: StatusShareOptions = {
  intervalMs: 60_000,
  alpha: 0.2,
  anomalousWeight: 0.25,
  minErrors: 10,
  minShare: 0.05,
  ratio: 3,
  k: 4,
  usualFloor: 0.005,
  minTotal: 20,
  warmupIntervals: 3,
  coldShare: 0.5,
  severeShare: 0.2,
  outageShare: 0.9,
  outageMinTotal: 100,
  maxKeys: 10_000,
};

const RANK: Record<AlertLevel, number> = { low: 1, medium: 2, high: 3, critical: 4 };

class ShareState {
  total = 0;
  errors = 0;
  firedRank = 0;
  usual = 0;
  learned = 0;
  constructor(public interval: number) {}
}

export interface StatusSurge {
  errors: number;
  total: number;
  share: number;
  /** Usual share, NaN while warming up. */
  usual: number;
  level: AlertLevel;
}

export class StatusShareDetector {
  readonly options: StatusShareOptions;
  private readonly keys: KeyedStates<ShareState>;

  constructor(options: Partial<StatusShareOptions> = {}) {
    this.options = { ...DEFAULT_STATUS_SHARE, ...options };
    if (!(this.options.intervalMs > 0)) throw new Error('intervalMs must be positive');
    this.keys = new KeyedStates(this.options.maxKeys);
  }

  observe(key: string, status: number, t: number): StatusSurge | null {
    const interval = Math.floor(t / this.options.intervalMs);
    let state = this.keys.get(key);
    if (state === undefined) state = this.keys.add(key, new ShareState(interval));
    else if (interval > state.interval) {
      this.close(state, interval);
      this.keys.touch(key, state);
    }
    state.total += 1;
    if (status < 500) return null;
    state.errors += 1;
    if (state.errors < this.options.minErrors) return null;
    const level = this.levelOf(state);
    if (level === null || RANK[level] <= state.firedRank) return null;
    state.firedRank = RANK[level];
    const warm = state.learned >= this.options.warmupIntervals;
    return {
      errors: state.errors,
      total: state.total,
      share: state.errors / state.total,
      usual: warm ? state.usual : Number.NaN,
      level,
    };
  }

  get size(): number {
    return this.keys.size;
  }

  get evicted(): number {
    return this.keys.evicted;
  }

  private levelOf(state: ShareState): AlertLevel | null {
    const o = this.options;
    const share = state.errors / state.total;
    const warm = state.learned >= o.warmupIntervals;
    const usual = Math.max(state.usual, o.usualFloor);
    const expected = state.total * usual;
    const surge = warm
      ? share >= o.minShare && share >= o.ratio * usual && state.errors > expected + o.k * Math.sqrt(expected)
      : share >= o.coldShare;
    if (!surge) return null;
    if (share >= o.outageShare && state.total >= o.outageMinTotal) return 'critical';
    return share >= o.severeShare ? 'high' : 'medium';
  }

  private close(state: ShareState, next: number): void {
    const o = this.options;
    if (state.total >= o.minTotal) {
      const share = state.errors / state.total;
      if (state.learned === 0) state.usual = share;
      else
        state.usual += (state.firedRank > 0 ? o.alpha * o.anomalousWeight : o.alpha) * (share - state.usual);
      state.learned += 1;
    }
    state.interval = next;
    state.total = 0;
    state.errors = 0;
    state.firedRank = 0;
  }
}
