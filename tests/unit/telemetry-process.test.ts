import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiskUsageMonitor, measureDir } from '../../core/telemetry/disk-usage';
import { ProcessMetricsSampler, type ProcessSources } from '../../core/telemetry/process-metrics';

function fakeSources() {
  const state = { user: 0, system: 0, resets: 0, disabled: false };
  const sources: ProcessSources = {
    cpuUsage: () => ({ user: state.user, system: state.system }),
    memoryUsage: () => ({ rss: 200_000_000, heapUsed: 50_000_000 }),
    loopDelay: {
      percentile: (p: number) => (p === 50 ? 1_000_000 : p === 95 ? 5_000_000 : 20_500_000),
      reset: () => void (state.resets += 1),
      disable: () => void (state.disabled = true),
    },
  };
  return { state, sources };
}

describe('ProcessMetricsSampler', () => {
  it('computes CPU % from cpuUsage deltas over the injected clock, and loop delay in ms', () => {
    const { state, sources } = fakeSources();
    const sampler = new ProcessMetricsSampler(0, sources);
    state.user = 600_000; // 0.6 s user + 0.3 s system over 1 s wall
    state.system = 300_000;
    expect(sampler.sample(1000)).toEqual({
      cpuPercent: 90,
      rssBytes: 200_000_000,
      heapUsedBytes: 50_000_000,
      eventLoopDelayMs: { p50: 1, p95: 5, p99: 20.5 },
    });
    expect(state.resets).toBe(1);
    state.user += 1_500_000; // 1.5 s over 1 s: two cores busy
    expect(sampler.sample(2000).cpuPercent).toBe(150);
    expect(sampler.sample(2000).cpuPercent).toBe(0); // no time elapsed: no division by zero
    sampler.close();
    expect(state.disabled).toBe(true);
  });

  it('samples the real process', () => {
    const sampler = new ProcessMetricsSampler(0);
    const m = sampler.sample(100);
    sampler.close();
    expect(m.rssBytes).toBeGreaterThan(0);
    expect(m.heapUsedBytes).toBeGreaterThan(0);
    expect(Number.isFinite(m.eventLoopDelayMs.p99)).toBe(true);
  });
});

describe('disk usage', () => {
  it('adds up file sizes recursively, bounded, and caches between refreshes', async () => {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-disk-'));
    try {
      await fsp.mkdir(path.join(dir, 'a', 'b'), { recursive: true });
      await fsp.writeFile(path.join(dir, 'one'), Buffer.alloc(1000));
      await fsp.writeFile(path.join(dir, 'a', 'b', 'two'), Buffer.alloc(2345));
      expect(await measureDir(dir)).toEqual({ bytes: 3345, files: 2, truncated: false, unreadable: 0 });
      expect((await measureDir(dir, 1)).truncated).toBe(true);
      expect(await measureDir(path.join(dir, 'missing'))).toMatchObject({ bytes: 0, unreadable: 0 });

      const monitor = new DiskUsageMonitor(dir, 10_000);
      expect((await monitor.refresh(0)).bytes).toBe(3345);
      await fsp.writeFile(path.join(dir, 'three'), Buffer.alloc(5));
      expect((await monitor.refresh(5000)).bytes).toBe(3345); // cached
      expect((await monitor.refresh(10_000)).bytes).toBe(3350);
      expect(monitor.bytes).toBe(3350);
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  });
});
