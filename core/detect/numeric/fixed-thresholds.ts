/**
 * Fixed duration thresholds (numeric-thresholds.json): `minCount` values of one stream above a
 * threshold within one interval fire it, at its level, or at its severe level when `minCount`
 * values are above `severeAbove`. Once per stream, interval and level.
 */
import type { AlertLevel } from '../../contract';
import { KeyedStates } from './keyed-states';
import type { Threshold } from './tables';

const RANK: Record<AlertLevel, number> = { low: 1, medium: 2, high: 3, critical: 4 };

class CountState {
  interval = -1;
  over = 0;
  severeOver = 0;
  max = 0;
  firedRank = 0;
}

export interface ThresholdBreach {
  count: number;
  max: number;
  level: AlertLevel;
  severe: boolean;
}

export class FixedThresholdDetector {
  private readonly keys: KeyedStates<CountState>;

  constructor(
    private readonly intervalMs: number,
    maxKeys: number,
  ) {
    this.keys = new KeyedStates(maxKeys);
  }

  /** `key` must name the stream and the threshold. Values at or under `above` cost one compare. */
  observe(key: string, seconds: number, threshold: Threshold, t: number): ThresholdBreach | null {
    if (!(seconds > threshold.above)) return null;
    const interval = Math.floor(t / this.intervalMs);
    let state = this.keys.get(key);
    if (state === undefined) state = this.keys.add(key, new CountState());
    if (interval > state.interval) {
      state.interval = interval;
      state.over = 0;
      state.severeOver = 0;
      state.max = 0;
      state.firedRank = 0;
      this.keys.touch(key, state);
    }
    state.over += 1;
    if (seconds > threshold.severeAbove) state.severeOver += 1;
    if (seconds > state.max) state.max = seconds;
    const severe = state.severeOver >= threshold.minCount;
    if (!severe && state.over < threshold.minCount) return null;
    const level = severe ? threshold.severeLevel : threshold.level;
    if (RANK[level] <= state.firedRank) return null;
    state.firedRank = RANK[level];
    return { count: severe ? state.severeOver : state.over, max: state.max, level, severe };
  }

  get size(): number {
    return this.keys.size;
  }

  get evicted(): number {
    return this.keys.evicted;
  }
}
