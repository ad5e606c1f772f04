import { describe, expect, it } from 'vitest';
import { StatusShareDetector } from '../../core/detect/numeric/status-share';
import { Feed, lcg, logNormal, MINUTE, nginxLine } from './detect-numeric-fixtures';

describe('HTTP 5xx share', () => {
  it('fires once per level when the 5xx share jumps from 1 % to 30 %, quoting the figures', () => {
    const feed = new Feed();
    const random = lcg(1);
    const calm = (i: number) => nginxLine(i, i % 100 === 0 ? 502 : 200, logNormal(random, 0.04, 0.3));
    for (let m = 0; m < 20; m++) feed.minute(m, 200, calm);
    expect(feed.signals).toEqual([]);
    feed.minute(20, 200, (i) => nginxLine(i, i % 10 < 3 ? 503 : 200, logNormal(random, 0.04, 0.3)));
    const surges = feed.of('http_5xx_surge');
    expect(surges.length).toBeGreaterThanOrEqual(1);
    expect(surges.length).toBeLessThanOrEqual(2); // medium then high as the share is established
    const last = surges.at(-1)!;
    expect(last.level).toBe('high');
    expect(last.templateId).toBeNull(); // grouped per service, not per template
    expect(last.message).toMatch(
      /^\d+ of \d+ HTTP answers \(\d+ %\) were 5xx over the last minute in web, usually 1\.0 %\.$/,
    );
  });

  it('an outage (nearly every answer a 5xx) is critical', () => {
    const feed = new Feed();
    const random = lcg(2);
    for (let m = 0; m < 10; m++) feed.minute(m, 200, (i) => nginxLine(i, i % 100 === 0 ? 500 : 200, 0.04));
    feed.minute(10, 200, (i) => nginxLine(i, i % 50 === 0 ? 200 : 503, logNormal(random, 0.01, 0.3)));
    expect(feed.of('http_5xx_surge').map((s) => s.level)).toContain('critical');
  });

  it('stays quiet on three hours of a steady 2 % of 5xx with random noise', () => {
    const d = new StatusShareDetector();
    const random = lcg(3);
    let fired = 0;
    for (let m = 0; m < 180; m++) {
      for (let i = 0; i < 1000; i++) {
        if (d.observe('web', random() < 0.02 ? 500 : 200, m * MINUTE + i * 60) !== null) fired++;
      }
    }
    expect(fired).toBe(0);
  });

  it('does not fire on a handful of 5xx, nor during warm-up below the cold share', () => {
    const feed = new Feed();
    for (let m = 0; m < 3; m++) feed.minute(m, 200, (i) => nginxLine(i, i % 10 === 0 ? 500 : 200, 0.04));
    expect(feed.signals).toEqual([]); // 10 % while warming up: no usual share to compare with yet
    for (let m = 3; m < 10; m++) feed.minute(m, 200, (i) => nginxLine(i, 200, 0.04));
    feed.minute(10, 200, (i) => nginxLine(i, i < 9 ? 500 : 200, 0.04)); // 9 errors: under minErrors
    expect(feed.signals).toEqual([]);
  });

  it('counts an answer once when both a field and the text carry its status', () => {
    const feed = new Feed();
    for (let m = 0; m < 5; m++) {
      for (let i = 0; i < 100; i++) {
        const status = m === 4 && i >= 40 ? 503 : 200;
        feed.line(nginxLine(i, status, 0.04), m * MINUTE + i * 600, {
          fields: { 'http.response.status_code': status },
        });
      }
    }
    const surge = feed.of('http_5xx_surge')[0]!;
    const [errors, total] = surge.message.split(' of ').map((x) => Number.parseInt(x, 10));
    expect(errors! + 40).toBe(total); // total counts each log once: 40 OK before the errors began
  });

  it('keeps the number of streams bounded', () => {
    const d = new StatusShareDetector({ maxKeys: 500 });
    for (let i = 0; i < 100_000; i++) d.observe(`svc-${i}`, 200, i);
    expect(d.size).toBe(500);
    expect(d.evicted).toBe(99_500);
  });
});

describe('resource ceilings', () => {
  const cpu = (feed: Feed, pct: number, at: number) =>
    feed.line('metrics', at, { service: 'node-7', fields: { 'system.cpu.total.norm.pct': pct } });

  it('CPU: three samples in a row at 90 % or more is medium, at 98 % high; a single peak is nothing', () => {
    const feed = new Feed();
    const samples = [0.4, 0.99, 0.5, 0.45, 0.93, 0.95, 0.96, 0.99, 0.99, 0.995, 0.99];
    samples.forEach((pct, i) => cpu(feed, pct, i * 10_000));
    const levels = feed.of('resource_ceiling').map((s) => s.level);
    expect(levels).toEqual(['medium', 'high']);
    expect(feed.of('resource_ceiling')[0]!.message).toMatch(/^cpu at 96 % \(system\.cpu\.total\.norm\.pct\)/);
  });

  it('disk from free text: one reading at 93 % is medium', () => {
    const feed = new Feed();
    feed.line('Filesystem /var is 71% full', 0, { service: 'db-1' });
    expect(feed.signals).toEqual([]);
    feed.line('Filesystem /var is 93% full', 60_000, { service: 'db-1' });
    const [s] = feed.of('resource_ceiling');
    expect(s?.level).toBe('medium');
    expect(s?.advice).toMatch(/free space/);
  });

  it('ignores percentages over 100 (a process using several cores), which are not shares', () => {
    const feed = new Feed();
    for (let i = 0; i < 5; i++) feed.line('worker stats', i * 10_000, { fields: { cpu_percent: 340 } });
    expect(feed.signals).toEqual([]);
  });

  it('disk from free space: 2 % free is 98 % used (high)', () => {
    const feed = new Feed();
    feed.line('Low disk space on /var: 41% free', 0, { service: 'db-1' });
    expect(feed.signals).toEqual([]);
    feed.line('Low disk space on /var: 2% free', 60_000, { service: 'db-1' });
    expect(feed.of('resource_ceiling').map((s) => s.level)).toEqual(['high']);
  });

  it('does not repeat within an interval at the same level', () => {
    const feed = new Feed();
    for (let i = 0; i < 6; i++) cpu(feed, 0.95, i * 5_000); // 30 s at 95 %
    expect(feed.of('resource_ceiling')).toHaveLength(1);
  });
});

describe('fixed duration thresholds', () => {
  const gc = (ms: number) =>
    `[${(1000 + ms / 1000).toFixed(3)}s][info][gc] GC(42) Pause Full (G1 Compaction Pause) 1021M->1019M(1024M) ${ms.toFixed(3)}ms`;

  it('a GC pause over 1 s is medium, over 5 s high; ordinary pauses are nothing', () => {
    const feed = new Feed();
    feed.line(gc(35.2), 0, { service: 'orders-jvm' });
    feed.line(gc(180.4), 1000, { service: 'orders-jvm' });
    expect(feed.signals).toEqual([]);
    feed.line(gc(1523.7), 2000, { service: 'orders-jvm' });
    feed.line(gc(6234.1), 3000, { service: 'orders-jvm' });
    const levels = feed.of('duration_threshold').map((s) => s.level);
    expect(levels).toEqual(['medium', 'high']);
    expect(feed.of('duration_threshold')[1]!.message).toMatch(/over 5\.0 s .*longest 6\.2 s/);
  });

  it('slow requests need three in an interval (one slow request is not an incident)', () => {
    const feed = new Feed();
    const slow = (at: number) =>
      feed.line('GET /api/report', at, { service: 'reports', fields: { request_time: 12.5, status: 200 } });
    slow(0);
    slow(1000);
    expect(feed.of('duration_threshold')).toEqual([]);
    slow(2000);
    expect(feed.of('duration_threshold').map((s) => s.level)).toEqual(['medium']);
  });

  it('frustrating requests (Apdex: over 4 T = 2 s) need ten in an interval, with no usual latency to compare', () => {
    const feed = new Feed();
    const request = (seconds: number, at: number) =>
      feed.line('GET /api/images', at, {
        service: 'media',
        fields: { responseTime: seconds * 1000, status: 200 },
      });
    for (let i = 0; i < 10; i++) request(1.5, i * 1000); // under 2 s: tolerable, not frustrating
    for (let i = 0; i < 9; i++) request(3.2, 10_000 + i * 1000);
    expect(feed.of('duration_threshold')).toEqual([]);
    request(3.4, 19_000);
    const fired = feed.of('duration_threshold');
    expect(fired.map((s) => s.level)).toEqual(['medium']);
    expect(fired[0]!.message).toMatch(/^10 values of .* over 2\.0 s within /);
  });
});
