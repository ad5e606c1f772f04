import { describe, expect, it } from 'vitest';
import { LatencyShiftDetector } from '../../core/detect/numeric/latency-shift';
import { Feed, lcg, logNormal, MINUTE, nginxLine } from './detect-numeric-fixtures';

const CALM = (random: () => number) => (i: number) => nginxLine(i, 200, logNormal(random, 0.04, 0.4));

describe('latency shift', () => {
  it('fires once, high, when request p95 jumps from ~60 ms to seconds, quoting both figures', () => {
    const feed = new Feed();
    const random = lcg(1);
    for (let m = 0; m < 20; m++) feed.minute(m, 120, CALM(random));
    expect(feed.signals).toEqual([]);
    const fired = feed.minute(20, 120, (i) => nginxLine(i, 200, logNormal(random, 3, 0.3)));
    const shifts = fired.filter((s) => s.kind === 'latency_shift');
    expect(shifts).toHaveLength(1);
    const s = shifts[0]!;
    expect(s.level).toBe('high');
    expect(s.value).toBeGreaterThan(2);
    expect(s.baseline).toBeGreaterThan(0.05);
    expect(s.baseline).toBeLessThan(0.1);
    expect(s.message).toMatch(
      /^p95 \d+(\.\d)? s over the last minute, usually \d+ ms \(rt of the requests of web, \d+ values\)\.$/,
    );
    expect(s.service).toBe('web');
    expect(s.templateId).toBeNull(); // request latency is the service's, across its URL templates
    // Fired early in the minute, as soon as 5 % of its values were slow enough (not per log after).
    expect(s.at - 20 * MINUTE).toBeLessThan(MINUTE / 2);
  });

  it('a moderate shift (3-10x) is medium', () => {
    const feed = new Feed();
    const random = lcg(2);
    for (let m = 0; m < 10; m++) feed.minute(m, 120, CALM(random));
    feed.minute(10, 120, (i) => nginxLine(i, 200, logNormal(random, 0.25, 0.3)));
    const shifts = feed.of('latency_shift');
    expect(shifts).toHaveLength(1);
    expect(shifts[0]!.level).toBe('medium');
  });

  it('stays quiet on three hours of steady, noisy traffic', () => {
    const feed = new Feed();
    const random = lcg(3);
    for (let m = 0; m < 180; m++) feed.minute(m, 60 + Math.floor(random() * 120), CALM(random));
    expect(feed.signals).toEqual([]);
  });

  it('stays quiet on three hours of a low-volume service (20-40 requests a minute)', () => {
    const feed = new Feed();
    const random = lcg(12);
    for (let m = 0; m < 180; m++) feed.minute(m, 20 + Math.floor(random() * 20), CALM(random));
    expect(feed.signals).toEqual([]);
  });

  it('ignores the lifetime of WebSocket connections (status 101)', () => {
    const feed = new Feed();
    const random = lcg(11);
    for (let m = 0; m < 10; m++) {
      feed.minute(m, 120, (i) =>
        i % 4 === 0 ? nginxLine(i, 101, 300 + i) : nginxLine(i, 200, logNormal(random, 0.04, 0.4)),
      );
    }
    expect(feed.signals).toEqual([]);
  });

  it('ignores a few slow outliers per minute', () => {
    const feed = new Feed();
    const random = lcg(4);
    for (let m = 0; m < 60; m++) {
      feed.minute(m, 120, (i) => nginxLine(i, 200, i % 60 === 7 ? 3 : logNormal(random, 0.04, 0.4)));
    }
    expect(feed.signals).toEqual([]);
  });

  it('does not fire during warm-up, even on slow traffic', () => {
    const feed = new Feed();
    const random = lcg(5);
    feed.minute(0, 120, CALM(random));
    feed.minute(1, 120, (i) => nginxLine(i, 200, logNormal(random, 3, 0.3)));
    expect(feed.of('latency_shift')).toEqual([]);
  });

  it('does not alert on a small absolute change (2 ms to 8 ms is under the floor)', () => {
    const feed = new Feed();
    const random = lcg(6);
    for (let m = 0; m < 10; m++) feed.minute(m, 120, (i) => nginxLine(i, 200, logNormal(random, 0.002, 0.2)));
    feed.minute(10, 120, (i) => nginxLine(i, 200, logNormal(random, 0.008, 0.2)));
    expect(feed.signals).toEqual([]);
  });

  it('learns nothing from a silence and does not count it as a drop', () => {
    const d = new LatencyShiftDetector();
    const random = lcg(7);
    const minute = (m: number, median: number): number => {
      let fired = 0;
      for (let i = 0; i < 100; i++) {
        if (d.observe('k', logNormal(random, median, 0.3), m * MINUTE + i * 500) !== null) fired++;
      }
      return fired;
    };
    for (let m = 0; m < 10; m++) minute(m, 0.05);
    d.observe('k', 0.05, 10 * MINUTE); // closes minute 9, which is learned
    const before = d.usualOf('k');
    // 40 minutes of nothing, then a single log: the silence teaches nothing.
    d.observe('k', 0.05, 50 * MINUTE);
    expect(d.usualOf('k')).toBeCloseTo(before, 6);
    expect(minute(51, 0.05)).toBe(0);
    expect(minute(52, 0.05)).toBe(0);
  });

  it('keeps the number of tracked streams bounded (100,000 keys)', () => {
    const d = new LatencyShiftDetector({ maxKeys: 1000 });
    for (let i = 0; i < 100_000; i++) d.observe(`svc-${i}`, 0.05, i);
    expect(d.size).toBe(1000);
    expect(d.evicted).toBe(99_000);
    // The most recent keys survive.
    expect(d.usualOf('svc-99999')).toBeNaN(); // known but not yet learned
    d.observe('svc-99999', 0.05, 100_000);
    expect(d.size).toBe(1000);
  });
});

describe('latency from other formats', () => {
  it('PostgreSQL statement durations: a slow-down of a query template is a latency shift', () => {
    const feed = new Feed();
    const random = lcg(8);
    const pg = (ms: number) => (i: number) =>
      `2024-03-05 10:12:01.123 UTC [${4000 + (i % 50)}] LOG:  duration: ${ms.toFixed(3)} ms  statement: SELECT * FROM orders WHERE customer_id = ${i}`;
    for (let m = 0; m < 10; m++)
      feed.minute(m, 60, (i) => pg(logNormal(random, 12, 0.3))(i), { service: 'postgres' });
    feed.minute(10, 60, (i) => pg(logNormal(random, 900, 0.3))(i), { service: 'postgres' });
    const shifts = feed.of('latency_shift');
    expect(shifts).toHaveLength(1);
    expect(shifts[0]!.service).toBe('postgres');
    expect(shifts[0]!.message).toMatch(/usually \d+ ms \(duration of /);
  });

  it('JSON logs with duration_ms', () => {
    const feed = new Feed();
    const random = lcg(9);
    for (let m = 0; m < 10; m++) {
      for (let i = 0; i < 100; i++) {
        feed.line('request handled', m * MINUTE + i * 600, {
          service: 'checkout',
          fields: { duration_ms: Math.round(logNormal(random, 80, 0.3)), 'http.response.status_code': 200 },
        });
      }
    }
    expect(feed.signals).toEqual([]);
    for (let i = 0; i < 100; i++) {
      feed.line('request handled', 10 * MINUTE + i * 600, {
        service: 'checkout',
        fields: { duration_ms: Math.round(logNormal(random, 2500, 0.3)), 'http.response.status_code': 200 },
      });
    }
    const shifts = feed.of('latency_shift');
    expect(shifts).toHaveLength(1);
    expect(shifts[0]!.message).toContain('duration_ms');
  });

  it('a backlog read in seconds keeps its minutes (event time), an old replay uses the clock', () => {
    const feed = new Feed();
    const random = lcg(10);
    const now = 100 * MINUTE; // the clock stands still while a 12-minute backlog is read
    for (let m = 88; m < 99; m++) {
      for (let i = 0; i < 100; i++) {
        const seconds = m < 98 ? logNormal(random, 0.04, 0.3) : logNormal(random, 3, 0.3);
        feed.line(nginxLine(i, 200, seconds), now, { time: m * MINUTE + i * 600 });
      }
    }
    expect(feed.of('latency_shift')).toHaveLength(1);

    // The same traffic replayed from a day ago: all of it falls in the clock's one minute, so the
    // detector is still warming up and raises nothing.
    const replay = new Feed();
    for (let m = 0; m < 11; m++) {
      for (let i = 0; i < 100; i++) {
        const seconds = m < 10 ? logNormal(random, 0.04, 0.3) : logNormal(random, 3, 0.3);
        replay.line(nginxLine(i, 200, seconds), now, { time: now - 86_400_000 + m * MINUTE + i * 600 });
      }
    }
    expect(replay.of('latency_shift')).toEqual([]);
  });
});
