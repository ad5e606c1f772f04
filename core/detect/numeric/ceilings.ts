/**
 * A percentage of a resource at or above its ceiling (numeric-ceilings.json) in `minSamples`
 * consecutive values of one stream: one sample over is a peak, several in a row are saturation.
 * A value under the ceiling resets the run. Fires at most once per stream per interval and level
 * (a higher level fires again at once).
 */
import type { AlertLevel } from '../../contract';
import { KeyedStates } from './keyed-states';
import type { Ceiling } from './tables';

const RANK: Record<AlertLevel, number> = { low: 1, medium: 2, high: 3, critical: 4 };

class RunState {
  run = 0;
  severeRun = 0;
  interval = -1;
  firedRank = 0;
}

export interface CeilingBreach {
  percent: number;
  run: number;
  level: AlertLevel;
  severe: boolean;
}

export class CeilingDetector {
  private readonly keys: KeyedStates<RunState>;

  constructor(
    private readonly intervalMs: number,
    maxKeys: number,
  ) {
    this.keys = new KeyedStates(maxKeys);
  }

  observe(key: string, percent: number, ceiling: Ceiling, t: number): CeilingBreach | null {
    let state = this.keys.get(key);
    if (state === undefined) {
      if (percent < ceiling.ceiling) return null; // only streams that reach a ceiling take memory
      state = this.keys.add(key, new RunState());
    }
    if (percent < ceiling.ceiling) {
      state.run = 0;
      state.severeRun = 0;
      return null;
    }
    state.run += 1;
    state.severeRun = percent >= ceiling.severe ? state.severeRun + 1 : 0;
    const severe = state.severeRun >= ceiling.minSamples;
    if (!severe && state.run < ceiling.minSamples) return null;
    const level = severe ? ceiling.severeLevel : ceiling.level;
    const interval = Math.floor(t / this.intervalMs);
    if (interval !== state.interval) {
      state.interval = interval;
      state.firedRank = 0;
      this.keys.touch(key, state);
    }
    if (RANK[level] <= state.firedRank) return null;
    state.firedRank = RANK[level];
    return { percent, run: severe ? state.severeRun : state.run, level, severe };
  }

  get size(): number {
    return this.keys.size;
  }

  get evicted(): number {
    return this.keys.evicted;
  }
}
