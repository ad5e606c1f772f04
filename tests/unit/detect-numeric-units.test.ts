import { describe, expect, it } from 'vitest';
import { bucketOf, bucketValue, LogHistogram } from '../../core/detect/numeric/log-histogram';
import { formatSeconds } from '../../core/detect/numeric/format';
import { parseDuration, parseHttpStatus, parsePercent, statusOf } from '../../core/detect/numeric/units';

describe('parseDuration', () => {
  it('reads the units logs write, into seconds', () => {
    expect(parseDuration('1234.567 ms', null)).toBeCloseTo(1.234567, 9); // PostgreSQL duration:
    expect(parseDuration('3.456ms', null)).toBeCloseTo(0.003456, 9); // JVM unified GC log
    expect(parseDuration('0.0034 secs]', null)).toBeCloseTo(0.0034, 9); // JDK 8 GC log
    expect(parseDuration('150µs', null)).toBeCloseTo(150e-6, 12); // Go time.Duration
    expect(parseDuration('1m30.5s', null)).toBeCloseTo(90.5, 9); // Go time.Duration
    expect(parseDuration('2h3m', null)).toBe(7380);
    expect(parseDuration('5.123 seconds', null)).toBeCloseTo(5.123, 9); // Spring Boot "Started ... in"
  });

  it('uses the default unit for a bare number only when there is one', () => {
    expect(parseDuration('0.123', 1)).toBeCloseTo(0.123, 9); // nginx $request_time, seconds
    expect(parseDuration('"0.100"', 1)).toBeCloseTo(0.1, 9); // urt="$upstream_response_time"
    expect(parseDuration('250', 1e-3)).toBeCloseTo(0.25, 9);
    expect(parseDuration('250', null)).toBeNaN();
  });

  it('refuses what is not a duration', () => {
    for (const text of ['-', '', 'abc', '4M', '24M-', '12 apples', '1.5s2', 'ms', '12 MS']) {
      expect(parseDuration(text, null), text).toBeNaN();
    }
    expect(parseDuration('-', 1)).toBeNaN(); // nginx: no upstream
  });
});

describe('parsePercent and HTTP status', () => {
  it('reads percentages in both scales', () => {
    expect(parsePercent('97%', 'percent', true)).toBe(97);
    expect(parsePercent('97.5 %', 'percent', true)).toBe(97.5);
    expect(parsePercent('0.93', 'ratio', false)).toBeCloseTo(93, 9);
    expect(parsePercent('93', 'percent', false)).toBe(93);
    expect(parsePercent('93', 'percent', true)).toBeNaN(); // free text needs its %
    expect(parsePercent('high', 'percent', false)).toBeNaN();
  });

  it('reads a status at the start of a value, 100-599 only', () => {
    expect(parseHttpStatus('503')).toBe(503);
    expect(parseHttpStatus('304 0')).toBe(304); // status and size folded by the miner
    expect(parseHttpStatus('1/FAILURE')).toBeNaN(); // systemd status=1/FAILURE
    expect(parseHttpStatus('5031')).toBeNaN();
    expect(parseHttpStatus('700')).toBeNaN();
    expect(statusOf(502)).toBe(502);
    expect(statusOf('200')).toBe(200);
    expect(statusOf(2.5)).toBeNaN();
    expect(statusOf(true)).toBeNaN();
  });
});

/** Deterministic pseudo-random numbers (LCG). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
}

function exactQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

describe('LogHistogram', () => {
  it('estimates p50 and p95 within one bucket (±13 %) of the exact values', () => {
    const random = lcg(3);
    for (const [median, spread] of [
      [0.06, 0.5],
      [0.002, 1],
      [4, 0.3],
    ] as const) {
      const h = new LogHistogram();
      const values: number[] = [];
      for (let i = 0; i < 5000; i++) {
        // log-normal: the usual shape of latencies
        const u1 = random();
        const u2 = random();
        const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        const v = median * Math.exp(spread * z);
        values.push(v);
        h.record(v);
      }
      for (const q of [0.5, 0.95]) {
        const exact = exactQuantile(values, q);
        const estimate = h.quantile(q);
        expect(estimate / exact, `q${q} of median ${median}`).toBeGreaterThan(1 / 1.13);
        expect(estimate / exact, `q${q} of median ${median}`).toBeLessThan(1.13);
      }
    }
  });

  it('keeps values outside its range in the end buckets and is empty after reset', () => {
    expect(bucketValue(bucketOf(1e-9))).toBe(1e-6);
    expect(bucketValue(bucketOf(1e9))).toBe(1e4);
    const h = new LogHistogram();
    h.record(0.5);
    h.reset();
    expect(h.total).toBe(0);
    expect(h.quantile(0.95)).toBeNaN();
  });

  it('formats figures the way they are read', () => {
    expect(formatSeconds(0.06)).toBe('60 ms');
    expect(formatSeconds(4.1)).toBe('4.1 s');
    expect(formatSeconds(0.0021)).toBe('2.1 ms');
    expect(formatSeconds(150)).toBe('2.5 min');
  });
});
