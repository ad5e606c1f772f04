/**
 * The demo source on a virtual clock: `sleep` advances time instantly, so rate, schedule and
 * backpressure are checked by counting what was delivered, never by measuring time.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { VirtualScheduler } from '../fixtures/virtual-scheduler';
import { loadDemoCorpus } from '../../core/ingest/demo-corpus';
import { DemoSource, type DemoSourceOptions } from '../../core/ingest/demo-source';
import { INCIDENT_KINDS, type IncidentKind } from '../../core/ingest/demo-systems';
import type { RawMessage } from '../../core/ingest/source';
import { parseMessage } from '../../core/parse';

const corpus = loadDemoCorpus();
const T0 = Date.UTC(2025, 0, 1);

interface Delivery {
  at: number;
  batch: RawMessage[];
}

async function runFor(
  seconds: number,
  rate: number,
  options: DemoSourceOptions = {},
  incidents = true,
): Promise<{ deliveries: Delivery[]; source: DemoSource }> {
  const scheduler = new VirtualScheduler(T0, T0 + seconds * 1000);
  const source = new DemoSource({ rate, incidents }, { corpus, scheduler, ...options });
  const deliveries: Delivery[] = [];
  await source.start((batch) => {
    deliveries.push({ at: scheduler.now(), batch });
    return Promise.resolve();
  });
  await scheduler.ended;
  await source.stop();
  return { deliveries, source };
}

const total = (deliveries: Delivery[]): number => deliveries.reduce((n, d) => n + d.batch.length, 0);

describe('DemoSource rate control', () => {
  it.each([
    [1, 30],
    [7.5, 20],
    [200, 10],
    [5_000, 4],
    [100_000, 1],
  ])('delivers exactly rate × time at %d logs/s over %d virtual seconds', async (rate, seconds) => {
    const { deliveries, source } = await runFor(seconds, rate, { minBatchIntervalMs: 0 });
    expect(total(deliveries)).toBe(Math.floor(rate * seconds));
    expect(source.stats()).toMatchObject({ delivered: Math.floor(rate * seconds), skipped: 0 });
    expect(Math.max(...deliveries.map((d) => d.batch.length))).toBeLessThanOrEqual(500);
  });

  it('never delivers ahead of schedule, and batches partial loads every 20 ms by default', async () => {
    const rate = 1_000;
    const { deliveries } = await runFor(5, rate);
    let delivered = 0;
    for (const d of deliveries) {
      delivered += d.batch.length;
      expect(delivered).toBeLessThanOrEqual(Math.floor(((d.at - T0) * rate) / 1000));
    }
    // At most one batch interval's worth left undelivered at the end.
    expect(delivered).toBeGreaterThanOrEqual(rate * 5 - rate * 0.02);
    for (let i = 1; i < deliveries.length; i++)
      expect(deliveries[i]!.at - deliveries[i - 1]!.at).toBeGreaterThanOrEqual(20);
  });

  it('fills batches to the batch size at high rates', async () => {
    const { deliveries } = await runFor(1, 100_000, { batchSize: 250 });
    const sizes = deliveries.map((d) => d.batch.length);
    expect(Math.max(...sizes)).toBe(250);
    expect(sizes.filter((s) => s === 250).length / sizes.length).toBeGreaterThan(0.9);
  });
});

describe('DemoSource messages', () => {
  it('numbers offsets per topic-partition from 0 without gaps, stamps them with the virtual now, and keys them by service', async () => {
    const { deliveries } = await runFor(5, 400);
    const next = new Map<string, number>();
    for (const { at, batch } of deliveries) {
      for (const m of batch) {
        const slot = `${m.topic}:${m.partition}`;
        expect(m.offset).toBe(String(next.get(slot) ?? 0));
        next.set(slot, (next.get(slot) ?? 0) + 1);
        expect(m.timestamp).toBe(at);
        expect(m.key?.length).toBeGreaterThan(0);
        expect(['logs', 'security', 'performance']).toContain(m.topic);
        expect(m.partition).toBeGreaterThanOrEqual(0);
        expect(m.partition).toBeLessThan(3);
      }
    }
    expect(next.size).toBeLessThanOrEqual(9);
  });

  it('feeds every parser', async () => {
    const { deliveries } = await runFor(5, 400, {}, false);
    const formats = new Set<string>();
    for (const { batch } of deliveries) {
      for (const m of batch) {
        const outcome = parseMessage(m);
        expect(outcome.ok).toBe(true);
        if (outcome.ok) formats.add(outcome.record.format);
      }
    }
    expect([...formats].sort()).toEqual(['json', 'logfmt', 'plain', 'syslog3164', 'syslog5424']);
  });

  it('is deterministic for a seed and differs between seeds', async () => {
    const digest = async (seed: number): Promise<string> => {
      const { deliveries } = await runFor(120, 50, { seed, incidents: { firstAfterMs: 5_000 } });
      const hash = createHash('sha256');
      for (const { batch } of deliveries)
        for (const m of batch) hash.update(`${m.topic}|${m.partition}|${m.offset}|${m.value!.toString()}\n`);
      return hash.digest('hex');
    };
    const a = await digest(1);
    expect(await digest(1)).toBe(a);
    expect(await digest(2)).not.toBe(a);
  });
});

describe('DemoSource incidents', () => {
  const incidentOptions = {
    firstAfterMs: 10_000,
    minGapMs: 30_000,
    maxGapMs: 40_000,
    durationMs: 8_000,
    share: 0.3,
  };

  function incidentMessageSets(): Map<IncidentKind, Set<string>> {
    const sets = new Map<IncidentKind, Set<string>>();
    for (const kind of INCIDENT_KINDS) {
      sets.set(
        kind,
        new Set(
          corpus.incidents[kind].map((line) => {
            const outcome = parseMessage({
              topic: line.topic,
              partition: 0,
              offset: '0',
              timestamp: T0,
              key: null,
              value: Buffer.from(line.render(T0)),
            });
            return outcome.ok ? outcome.record.message : '';
          }),
        ),
      );
    }
    return sets;
  }

  it('cycles through the incident kinds in order, on the configured schedule', async () => {
    const { source } = await runFor(300, 20, { incidents: incidentOptions });
    const windows = source.incidents();
    expect(windows.length).toBeGreaterThanOrEqual(8);
    windows.forEach((w, i) => {
      expect(w.sequence).toBe(i);
      expect(w.kind).toBe(INCIDENT_KINDS[i % INCIDENT_KINDS.length]);
      expect(w.endMs - w.startMs).toBe(8_000);
      if (i === 0) expect(w.startMs).toBe(10_000);
      else {
        const gap = w.startMs - windows[i - 1]!.startMs;
        expect(gap).toBeGreaterThanOrEqual(30_000);
        expect(gap).toBeLessThanOrEqual(40_000);
      }
    });
  });

  it('emits each incident’s real lines only inside its windows', async () => {
    const { deliveries, source } = await runFor(200, 50, { incidents: incidentOptions });
    const windows = source.incidents();
    const sets = incidentMessageSets();
    const seenInWindow = new Map<number, number>();
    for (const { at, batch } of deliveries) {
      const elapsed = at - T0;
      const window = windows.find((w) => elapsed >= w.startMs && elapsed < w.endMs);
      for (const m of batch) {
        const outcome = parseMessage(m);
        if (!outcome.ok) throw new Error(outcome.issue.detail);
        for (const [kind, messages] of sets) {
          if (!messages.has(outcome.record.message)) continue;
          expect(window?.kind).toBe(kind);
          seenInWindow.set(window!.sequence, (seenInWindow.get(window!.sequence) ?? 0) + 1);
        }
      }
    }
    // Every window carried its incident: 8 s × 50/s × 30% ≈ 120 lines, well above zero.
    for (const w of windows) expect(seenInWindow.get(w.sequence) ?? 0).toBeGreaterThan(60);
  });

  it('emits no incident lines when incidents are off', async () => {
    const { source } = await runFor(120, 50, { incidents: incidentOptions }, false);
    expect(source.incidents()).toEqual([]);
    expect(source.stats().incidentLines).toBe(0);
  });
});

describe('DemoSource lifecycle and backpressure', () => {
  it('stop() waits for the in-flight batch, and nothing is delivered after it', async () => {
    const scheduler = new VirtualScheduler(T0, T0 + 60_000);
    const source = new DemoSource({ rate: 100, incidents: true }, { corpus, scheduler });
    let release: () => void = () => undefined;
    let batches = 0;
    let firstBatch: () => void = () => undefined;
    const gotFirst = new Promise<void>((resolve) => (firstBatch = resolve));
    await source.start(async () => {
      batches++;
      firstBatch();
      await new Promise<void>((resolve) => (release = resolve));
    });
    expect(source.status()).toEqual({ state: 'running', reason: null, lag: [] });
    await gotFirst;
    let stopped = false;
    const stopping = source.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(stopped).toBe(true);
    expect(batches).toBe(1);
    expect(source.status().state).toBe('stopped');
  });

  it('skips rather than queues when the handler stalls: memory and batch size stay bounded', async () => {
    const rate = 1_000;
    const scheduler = new VirtualScheduler(T0, T0 + 120_000);
    const source = new DemoSource({ rate, incidents: true }, { corpus, scheduler, maxCatchUpMs: 1_000 });
    const sizes: number[] = [];
    await source.start((batch) => {
      sizes.push(batch.length);
      // The first batch takes 60 virtual seconds.
      if (sizes.length === 1) scheduler.time += 60_000;
      return Promise.resolve();
    });
    await scheduler.ended;
    await source.stop();
    const stats = source.stats();
    expect(Math.max(...sizes)).toBeLessThanOrEqual(500);
    // ~59 s of messages were skipped, not buffered; the rest of the 120 s was delivered.
    expect(stats.skipped).toBeGreaterThan(58_000);
    expect(stats.skipped).toBeLessThanOrEqual(60_000);
    expect(stats.delivered + stats.skipped).toBeLessThanOrEqual(120 * rate);
    expect(stats.delivered + stats.skipped).toBeGreaterThanOrEqual(120 * rate - rate * 0.02);
  });

  it('fails with a clear reason when the handler throws', async () => {
    const scheduler = new VirtualScheduler(T0, T0 + 10_000);
    const source = new DemoSource({ rate: 100, incidents: false }, { corpus, scheduler });
    await source.start(() => Promise.reject(new Error('engine exploded')));
    await source.stop();
    expect(source.status()).toEqual({
      state: 'failed',
      reason: 'batch handler failed: engine exploded',
      lag: [],
    });
  });

  it('refuses to start twice, and can start again after stop', async () => {
    const scheduler = new VirtualScheduler(T0, T0 + 1_000);
    const source = new DemoSource({ rate: 10, incidents: false }, { corpus, scheduler });
    await source.start(() => Promise.resolve());
    await expect(source.start(() => Promise.resolve())).rejects.toThrow(/already running/);
    await source.stop();
    await source.start(() => Promise.resolve());
    await source.stop();
    expect(source.status().state).toBe('stopped');
  });

  it('rejects start with a clear error when the demo data is missing', async () => {
    const source = new DemoSource({ rate: 10, incidents: false }, { dataDir: '/nonexistent' });
    await expect(source.start(() => Promise.resolve())).rejects.toThrow(
      /demo source cannot start: demo data missing/,
    );
    expect(source.status().state).toBe('failed');
  });

  it('validates its configuration', () => {
    expect(() => new DemoSource({ rate: 0, incidents: false }, { corpus })).toThrow(RangeError);
    expect(
      () =>
        new DemoSource(
          { rate: 10, incidents: true },
          { corpus, incidents: { minGapMs: 1_000, durationMs: 5_000 } },
        ),
    ).toThrow(RangeError);
  });
});
