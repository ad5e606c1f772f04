import { describe, expect, it } from 'vitest';
import { fnv1a32, Splitter } from '../../core/inference/experiments/split';

const N = 100_000;

function shares(splitter: Splitter, key: (i: number) => string | null, arms: number): number[] {
  const counts = new Array<number>(arms).fill(0);
  for (let i = 0; i < N; i++) counts[splitter.pick(key(i))]!++;
  return counts.map((c) => c / N);
}

describe('experiment split', () => {
  it('FNV-1a matches its published test vectors', () => {
    // From the FNV reference (http://www.isthe.com/chongo/tech/comp/fnv/): 32-bit FNV-1a.
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it.each([[[50, 50]], [[90, 10]], [[99, 1]], [[20, 30, 50]]])(
    'a percent split %j holds its shares within ±2 %% over 100,000 logs',
    (weights) => {
      const got = shares(new Splitter('percent', weights), () => null, weights.length);
      const total = weights.reduce((a, b) => a + b, 0);
      weights.forEach((w, i) => expect(Math.abs(got[i]! - w / total)).toBeLessThan(0.02));
    },
  );

  it('a keyed split holds its shares within ±2 % over 100,000 distinct services', () => {
    const weights = [70, 30];
    const got = shares(new Splitter('service', weights, 'ex-1'), (i) => `svc-${i}`, 2);
    expect(Math.abs(got[0]! - 0.7)).toBeLessThan(0.02);
    expect(Math.abs(got[1]! - 0.3)).toBeLessThan(0.02);
  });

  it('one key always goes to the same arm, in this splitter and in a new one (a restart)', () => {
    const a = new Splitter('host', [50, 50], 'ex-7');
    const first = new Map<string, number>();
    for (let i = 0; i < 1000; i++) first.set(`host-${i}`, a.pick(`host-${i}`));
    for (let round = 0; round < 3; round++)
      for (let i = 999; i >= 0; i--) expect(a.pick(`host-${i}`)).toBe(first.get(`host-${i}`));
    const b = new Splitter('host', [50, 50], 'ex-7');
    for (let i = 0; i < 1000; i++) expect(b.pick(`host-${i}`)).toBe(first.get(`host-${i}`));
    // Both arms are used: the hash spreads keys rather than sending them all one way.
    expect(new Set(first.values()).size).toBe(2);
  });

  it('another experiment (salt) spreads the same keys differently', () => {
    const a = new Splitter('template', [50, 50], 'ex-1');
    const b = new Splitter('template', [50, 50], 'ex-2');
    let differ = 0;
    for (let i = 0; i < 1000; i++) if (a.pick(`t${i}`) !== b.pick(`t${i}`)) differ++;
    expect(differ).toBeGreaterThan(400);
    expect(differ).toBeLessThan(600);
  });

  it('logs without the key fall back to the per-log draw in the same proportions', () => {
    const got = shares(new Splitter('service', [80, 20]), () => null, 2);
    expect(Math.abs(got[0]! - 0.8)).toBeLessThan(0.02);
  });

  it('a 0 % arm gets nothing; bad weights are refused', () => {
    const got = shares(new Splitter('percent', [100, 0]), () => null, 2);
    expect(got).toEqual([1, 0]);
    expect(() => new Splitter('percent', [100])).toThrow(/at least two arms/);
    expect(() => new Splitter('percent', [0, 0])).toThrow(/not all be 0/);
    expect(() => new Splitter('percent', [-1, 50])).toThrow(/≥ 0/);
  });
});
