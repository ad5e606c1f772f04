import { describe, expect, it } from 'vitest';
import {
  BUCKET_COUNT,
  LatencyHistogram,
  WindowedLatencyHistogram,
  bucketOf,
  bucketValue,
} from '../../core/telemetry/histogram';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
}

/** Nearest-rank percentile of a sorted array. */
function reference(sorted: number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

describe('log-linear buckets', () => {
  it('map every microsecond value to a bucket whose midpoint is within 1/64', () => {
    let previous = -1;
    for (let micros = 1; micros <= 60_000_000; micros = Math.max(micros + 1, Math.floor(micros * 1.01))) {
      const index = bucketOf(micros);
      expect(index).toBeGreaterThanOrEqual(previous);
      expect(index).toBeLessThan(BUCKET_COUNT);
      expect(Math.abs(bucketValue(index) - micros) / micros).toBeLessThanOrEqual(1 / 64);
      previous = index;
    }
    expect(bucketOf(60_000_000)).toBe(BUCKET_COUNT - 1);
  });
});

describe('LatencyHistogram', () => {
  it('matches percentiles of a sorted reference within 2 %', () => {
    const random = lcg(3);
    const h = new LatencyHistogram();
    const values: number[] = [];
    for (let i = 0; i < 50_000; i++) {
      // Log-uniform over 10 µs .. 10 s, plus a heavy tail, like real latencies.
      const ms = 10 ** (-2 + random() * 4) * (random() < 0.02 ? 5 : 1);
      values.push(ms);
      h.record(ms);
    }
    values.sort((a, b) => a - b);
    const p = h.percentiles();
    for (const [q, got] of [
      [0.5, p.p50],
      [0.95, p.p95],
      [0.99, p.p99],
    ] as const) {
      const want = reference(values, q);
      expect(Math.abs(got - want) / want).toBeLessThan(0.02);
    }
    expect(h.total).toBe(50_000);
  });

  it('reports zeros when empty and clamps out-of-range values, counting them', () => {
    const h = new LatencyHistogram();
    expect(h.percentiles()).toEqual({ p50: 0, p95: 0, p99: 0 });
    h.record(-1);
    h.record(Number.NaN);
    h.record(10 * 60_000);
    h.record(0);
    expect(h.clamped).toBe(3);
    expect(h.total).toBe(4);
    expect(h.quantile(1)).toBeCloseTo(60_000, -3);
    expect(h.quantile(0.25)).toBe(0.001);
  });
});

describe('WindowedLatencyHistogram', () => {
  it('reports the last minute only: old values age out slot by slot', () => {
    const w = new WindowedLatencyHistogram({ windowMs: 60_000, slots: 12 });
    for (let i = 0; i < 100; i++) w.record(500, 1000); // a slow period at t = 1 s
    for (let i = 0; i < 100; i++) w.record(2, 30_000);
    expect(w.count(30_000)).toBe(200);
    expect(w.percentiles(30_000).p99).toBeGreaterThan(490);
    // At 61 s the slot [0, 5 s) has left the window.
    expect(w.count(61_000)).toBe(100);
    expect(w.percentiles(61_000).p99).toBeCloseTo(2, 1);
    expect(w.percentiles(200_000)).toEqual({ p50: 0, p95: 0, p99: 0 });
    expect(w.lifetime.total).toBe(200);
  });

  it('reuses slots when time wraps around the ring', () => {
    const w = new WindowedLatencyHistogram({ windowMs: 10_000, slots: 2 });
    w.record(1, 0);
    w.record(1, 10_000); // same ring slot as t = 0, a later window: the old count is dropped
    expect(w.count(10_000)).toBe(1);
    w.record(1, 9_000); // late value: counted in the current slot
    expect(w.count(10_000)).toBe(2);
  });

  it('survives a non-finite clock reading', () => {
    const w = new WindowedLatencyHistogram();
    w.record(3, 1000);
    w.record(3, Number.NaN);
    expect(w.count(1000)).toBe(2);
  });
});
