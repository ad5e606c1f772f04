/**
 * Process figures for Stats.process: CPU % (share of one core, so it can pass 100 on several
 * cores), RSS, heap used, and event-loop delay percentiles since the previous sample (the
 * perf_hooks histogram is reset at each sample, so the figures describe the last interval).
 * Sources are injectable so the arithmetic is testable without a real process.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ProcessMetrics } from '../contract';

export interface LoopDelaySource {
  /** Nanoseconds at percentile p (0..100). */
  percentile(p: number): number;
  readonly count?: number;
  reset(): void;
  disable(): void;
}

export interface ProcessSources {
  cpuUsage(): { user: number; system: number };
  memoryUsage(): { rss: number; heapUsed: number };
  loopDelay: LoopDelaySource;
}

function nodeSources(resolutionMs: number): ProcessSources {
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  histogram.enable();
  return {
    cpuUsage: () => process.cpuUsage(),
    memoryUsage: () => process.memoryUsage(),
    loopDelay: histogram,
  };
}

export class ProcessMetricsSampler {
  private readonly sources: ProcessSources;
  private lastCpu: { user: number; system: number };
  private lastAt: number;

  constructor(now: number, sources?: ProcessSources, resolutionMs = 20) {
    this.sources = sources ?? nodeSources(resolutionMs);
    this.lastCpu = this.sources.cpuUsage();
    this.lastAt = now;
  }

  /** Figures since the previous call (or construction). */
  sample(now: number): ProcessMetrics {
    const cpu = this.sources.cpuUsage();
    const elapsedMicros = (now - this.lastAt) * 1000;
    const usedMicros = cpu.user - this.lastCpu.user + (cpu.system - this.lastCpu.system);
    const cpuPercent = elapsedMicros > 0 ? Math.max(0, (usedMicros / elapsedMicros) * 100) : 0;
    this.lastCpu = cpu;
    this.lastAt = now;

    const memory = this.sources.memoryUsage();
    const loop = this.sources.loopDelay;
    const eventLoopDelayMs = {
      p50: nanosToMs(loop.percentile(50)),
      p95: nanosToMs(loop.percentile(95)),
      p99: nanosToMs(loop.percentile(99)),
    };
    loop.reset();
    return {
      cpuPercent: Math.round(cpuPercent * 10) / 10,
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      eventLoopDelayMs,
    };
  }

  close(): void {
    this.sources.loopDelay.disable();
  }
}

function nanosToMs(nanos: number): number {
  // An empty perf_hooks histogram reports NaN or a huge sentinel before the first sample.
  if (!Number.isFinite(nanos) || nanos <= 0 || nanos > 3.6e12) return 0;
  return Math.round(nanos / 1e4) / 100;
}
