import { describe, expect, it } from 'vitest';
import { LagGrowthDetector } from '../../core/detect/lag-growth';

function feed(d: LagGrowthDetector, samples: number[]): (number | null)[] {
  return samples.map((lag, i) => d.observe(lag, i * 5000)?.value ?? null);
}

describe('LagGrowthDetector', () => {
  it('fires when lag rose over N consecutive samples above the floor', () => {
    const d = new LagGrowthDetector({ growingSamples: 3, floorMessages: 1000 });
    expect(feed(d, [900, 1000, 1500, 2000])).toEqual([null, null, null, 2000]);
    expect(d.growing()).toBe(true);
  });

  it('includes the start of the streak in the message', () => {
    const d = new LagGrowthDetector({ growingSamples: 2, floorMessages: 0 });
    d.observe(10, 0);
    d.observe(20, 1);
    const s = d.observe(30, 2);
    expect(s).toMatchObject({ kind: 'lag_growth', key: 'lag:total', value: 30, baseline: 10 });
    expect(s?.message).toContain('from 10 to 30');
  });

  it('stays quiet below the floor', () => {
    const d = new LagGrowthDetector({ growingSamples: 3, floorMessages: 1000 });
    expect(feed(d, [1, 2, 3, 4, 5, 6, 7])).toEqual([null, null, null, null, null, null, null]);
    expect(d.growing()).toBe(false);
  });

  it('a drop resets the streak; a flat sample neither extends nor breaks it', () => {
    const d = new LagGrowthDetector({ growingSamples: 3, floorMessages: 0 });
    expect(feed(d, [10, 20, 30, 25, 35, 35, 45, 55])).toEqual([null, null, null, null, null, null, null, 55]);
  });

  it('repeats every N further rises while growth goes on', () => {
    const d = new LagGrowthDetector({ growingSamples: 2, floorMessages: 0 });
    const fired = feed(d, [1, 2, 3, 4, 5, 6]).filter((v) => v !== null);
    expect(fired).toEqual([3, 5]);
  });

  it('counts invalid samples and ignores them', () => {
    const d = new LagGrowthDetector({ growingSamples: 2, floorMessages: 0 });
    expect(feed(d, [1, Number.NaN, 2, -5, 3])).toEqual([null, null, null, null, 3]);
    expect(d.invalidSamples).toBe(2);
  });
});
