import { describe, expect, it } from 'vitest';
import { IntervalBaseline } from '../../core/detect/interval-baseline';
import { RateSpikeDetector } from '../../core/detect/rate-spike';
import { Detectors } from '../../core/detect/detectors';
import { NO_SIGNALS } from '../../core/detect/signal';
import { analysis, record } from './detect-fixtures';

const INTERVAL = 10_000;

/** Deterministic pseudo-random numbers (LCG), so "noisy steady traffic" is the same every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Feeds `count` events for `key` spread over interval `i`; returns the event numbers that fired. */
function feedInterval(b: IntervalBaseline, key: string, i: number, count: number): number[] {
  const fired: number[] = [];
  for (let n = 1; n <= count; n++) {
    const now = i * INTERVAL + Math.floor((n / (count + 1)) * INTERVAL);
    if (b.observe(key, now) !== null) fired.push(n);
  }
  return fired;
}

describe('IntervalBaseline', () => {
  it('stays quiet on steady noisy traffic', () => {
    const b = new IntervalBaseline({ intervalMs: INTERVAL });
    const random = lcg(7);
    let fires = 0;
    for (let i = 0; i < 200; i++) fires += feedInterval(b, 'k', i, 40 + Math.floor(random() * 20)).length;
    expect(fires).toBe(0);
  });

  it('fires once, within the interval, when traffic jumps well above the baseline', () => {
    const b = new IntervalBaseline({ intervalMs: INTERVAL });
    const random = lcg(11);
    for (let i = 0; i < 30; i++) feedInterval(b, 'k', i, 40 + Math.floor(random() * 20));
    const fired = feedInterval(b, 'k', 30, 400);
    expect(fired).toHaveLength(1);
    // It fires on the event that crossed the threshold, long before the interval's 400th event.
    expect(fired[0]).toBeGreaterThan(60);
    expect(fired[0]).toBeLessThan(150);
  });

  it('does not fire below the minimum count, even far above a tiny baseline', () => {
    const b = new IntervalBaseline({ intervalMs: INTERVAL, minCount: 20 });
    for (let i = 0; i < 30; i++) {
      feedInterval(b, 'below', i, 1);
      feedInterval(b, 'above', i, 1);
    }
    expect(feedInterval(b, 'below', 30, 19)).toEqual([]);
    // Same history: the 20th event is the first that may fire.
    expect(feedInterval(b, 'above', 30, 25)).toEqual([20]);
  });

  it('does not fire during warm-up', () => {
    const b = new IntervalBaseline({ intervalMs: INTERVAL, warmupIntervals: 6 });
    for (let i = 0; i < 4; i++) feedInterval(b, 'k', i, 10);
    expect(feedInterval(b, 'k', 4, 500)).toEqual([]);
  });

  it('learns a sustained new level instead of firing forever', () => {
    const b = new IntervalBaseline({ intervalMs: INTERVAL });
    for (let i = 0; i < 30; i++) feedInterval(b, 'k', i, 50);
    let firingIntervals = 0;
    for (let i = 30; i < 130; i++) if (feedInterval(b, 'k', i, 400).length > 0) firingIntervals += 1;
    expect(firingIntervals).toBeGreaterThan(1);
    expect(firingIntervals).toBeLessThan(60);
    // After adapting, the same 400 per interval is normal.
    expect(feedInterval(b, 'k', 130, 400)).toEqual([]);
  });

  it('treats a silence as zero-count intervals', () => {
    const b = new IntervalBaseline({ intervalMs: INTERVAL, minCount: 20 });
    for (let i = 0; i < 30; i++) feedInterval(b, 'k', i, 100);
    // 200 intervals later the baseline has decayed towards 0, so a burst of 30 is a spike.
    expect(feedInterval(b, 'k', 230, 30).length).toBe(1);
  });

  it('caps the number of tracked keys, dropping the least recently active', () => {
    const b = new IntervalBaseline({ intervalMs: INTERVAL, maxKeys: 3 });
    b.observe('a', 0);
    b.observe('b', 0);
    b.observe('c', 0);
    b.observe('a', INTERVAL); // a moves to the back
    b.observe('d', INTERVAL); // b is dropped
    expect(b.size).toBe(3);
    expect(b.evictedKeys).toBe(1);
  });
});

describe('RateSpikeDetector', () => {
  const fast = { intervalMs: INTERVAL, warmupIntervals: 3, minCount: 10 };

  it('reports an error spike per service, counting only errors', () => {
    const d = new RateSpikeDetector({ serviceErrors: fast, template: fast });
    const info = analysis({ templateId: 'ok', severity: 'info' });
    const err = analysis({ templateId: 'db-down', template: 'db <*> down', severity: 'error' });
    const api = (time: number) => record({ service: 'api', level: 'info', time });
    // Ten intervals of 2 errors and plenty of info logs: a baseline of about 2 errors per interval.
    for (let i = 0; i < 10; i++) {
      for (let n = 0; n < 2; n++) {
        const t = i * INTERVAL + n;
        expect(d.observeServiceErrors(api(t), err, t)).toBeNull();
      }
      for (let n = 0; n < 200; n++) {
        const t = i * INTERVAL + n;
        expect(d.observeServiceErrors(api(t), info, t)).toBeNull();
      }
    }
    const signals = [];
    for (let n = 0; n < 40; n++) {
      const t = 10 * INTERVAL + n;
      const s = d.observeServiceErrors(api(t), err, t);
      if (s) signals.push(s);
    }
    expect(signals).toHaveLength(1);
    const s = signals[0]!;
    expect(s.kind).toBe('error_spike');
    expect(s.key).toBe('service:api');
    expect(s.value).toBe(10);
    expect(s.baseline).toBeCloseTo(2, 5);
    expect(s.message).toContain('Service "api" logged 10 errors in 10 s');
  });

  it('counts producer level error/fatal as errors even when the model says info', () => {
    const d = new RateSpikeDetector({ serviceErrors: fast });
    const a = analysis({ severity: 'info' });
    for (let i = 0; i < 5; i++)
      d.observeServiceErrors(record({ level: 'fatal', time: i * INTERVAL }), a, i * INTERVAL);
    let fired = 0;
    for (let n = 0; n < 20; n++) {
      const t = 5 * INTERVAL + n;
      if (d.observeServiceErrors(record({ level: 'error', time: t }), a, t)) fired++;
    }
    expect(fired).toBe(1);
  });

  it('reports a template volume spike with the template', () => {
    const d = new RateSpikeDetector({ template: fast });
    const a = analysis({ templateId: 'retry', template: 'retrying <*>' });
    for (let i = 0; i < 5; i++)
      for (let n = 0; n < 5; n++) {
        const t = i * INTERVAL + n;
        d.observeTemplate(record({ time: t }), a, t);
      }
    const fired = [];
    for (let n = 0; n < 100; n++) {
      const t = 5 * INTERVAL + n;
      const s = d.observeTemplate(record({ time: t }), a, t);
      if (s) fired.push(s);
    }
    expect(fired.map((s) => [s.kind, s.templateId, s.template])).toEqual([
      ['rate_spike', 'retry', 'retrying <*>'],
    ]);
  });
});

describe('Detectors', () => {
  it('returns the shared empty result for ordinary logs', () => {
    const d = new Detectors({ newTemplate: { warmupLogs: 0, warmupMs: 0 } });
    d.observe(record(), analysis(), 0);
    expect(d.observe(record(), analysis(), 1)).toBe(NO_SIGNALS);
  });

  it('passes lag samples to the lag detector', () => {
    const d = new Detectors({ lagGrowth: { growingSamples: 2, floorMessages: 10 } });
    expect(d.observeLag(100, 0)).toBe(NO_SIGNALS);
    expect(d.observeLag(200, 1)).toBe(NO_SIGNALS);
    expect(d.observeLag(300, 2).map((s) => s.kind)).toEqual(['lag_growth']);
    expect(d.lagGrowing()).toBe(true);
  });
});
