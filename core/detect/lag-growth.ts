/**
 * Consumer lag growth: the total lag (sum over partitions, sampled periodically by the engine)
 * rose over `growingSamples` consecutive samples and is above `floorMessages`. That means the
 * pipeline is falling behind, a performance problem even when every single log is analyzed fast.
 *
 * A sample equal to the previous one neither extends nor breaks the streak (lag is stuck, not
 * growing); a smaller one breaks it. While growth goes on the signal repeats every
 * `growingSamples` further rises, so its alert stays fresh instead of auto-resolving mid-incident.
 */
import { type Signal } from './signal';

export interface LagGrowthOptions {
  growingSamples: number;
  floorMessages: number;
}

export const DEFAULT_LAG_GROWTH: LagGrowthOptions = { growingSamples: 5, floorMessages: 1000 };

export class LagGrowthDetector {
  private readonly options: LagGrowthOptions;
  private previous: number | null = null;
  private streakStart = 0;
  private rises = 0;
  private invalid = 0;

  constructor(options: Partial<LagGrowthOptions> = {}) {
    this.options = { ...DEFAULT_LAG_GROWTH, ...options };
    if (!(this.options.growingSamples >= 1)) throw new Error('growingSamples must be at least 1');
  }

  /** Feeds one total-lag sample; returns a signal when growth is confirmed (and every N rises after). */
  observe(totalLag: number, now: number): Signal | null {
    if (!Number.isFinite(totalLag) || totalLag < 0) {
      this.invalid += 1;
      return null;
    }
    const previous = this.previous;
    this.previous = totalLag;
    if (previous === null) {
      this.streakStart = totalLag;
      return null;
    }
    if (totalLag < previous) {
      this.rises = 0;
      this.streakStart = totalLag;
      return null;
    }
    if (totalLag === previous) return null;
    if (this.rises === 0) this.streakStart = previous;
    this.rises += 1;
    const n = this.options.growingSamples;
    if (totalLag < this.options.floorMessages || this.rises < n || this.rises % n !== 0) return null;
    return {
      kind: 'lag_growth',
      key: 'lag:total',
      service: null,
      topic: null,
      templateId: null,
      template: null,
      severity: null,
      value: totalLag,
      baseline: this.streakStart,
      message: `Consumer lag grew over ${this.rises} consecutive samples, from ${this.streakStart} to ${totalLag} messages: analysis is falling behind the producers.`,
      sample: null,
      at: now,
    };
  }

  /** Forgets the streak (after a gap: a lag sample from before it is no comparison). */
  reset(): void {
    this.previous = null;
    this.rises = 0;
  }

  /** True while the last `growingSamples` samples kept rising and lag is above the floor (for health). */
  growing(): boolean {
    return this.rises >= this.options.growingSamples && (this.previous ?? 0) >= this.options.floorMessages;
  }

  get invalidSamples(): number {
    return this.invalid;
  }
}
