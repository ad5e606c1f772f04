/**
 * The engine's running figures, gathered in one place so that `Stats` is built in one function.
 * Hot-path calls (`countBatch`, `recordLatency`) are O(1); the rest runs once per status tick.
 */
import type { PartitionLag, ProcessMetrics, Stats } from '../contract';
import { ProcessMetricsSampler, RateMeter, WindowedLatencyHistogram } from '../telemetry';

export class EngineMetrics {
  processed = 0;
  errors = 0;
  readonly logs = new RateMeter();
  readonly failures = new RateMeter();
  /** Analyzed logs rated error: the monitored services' errors, not Vigil's own. */
  readonly errorLogs = new RateMeter();
  readonly latency = new WindowedLatencyHistogram();
  readonly decisionLatency = new WindowedLatencyHistogram();
  private readonly sampler: ProcessMetricsSampler;
  private process: ProcessMetrics;

  constructor(now: number) {
    this.sampler = new ProcessMetricsSampler(now);
    this.process = this.sampler.sample(now);
  }

  countBatch(analyzed: number, failed: number, now: number, errorLogs = 0): void {
    this.processed += analyzed;
    this.errors += failed;
    this.logs.mark(analyzed, now);
    this.failures.mark(failed, now);
    this.errorLogs.mark(errorLogs, now);
  }

  /** Share of analyzed logs rated error over the last minute (0 when nothing was analyzed). */
  errorLogRate(now: number): number {
    const analyzed = this.logs.count1m(now);
    return analyzed > 0 ? Math.min(1, this.errorLogs.count1m(now) / analyzed) : 0;
  }

  /** Share of failed logs over the last minute (0 when nothing happened). */
  errorRate(now: number): number {
    const bad = this.failures.perSecond1m(now);
    const good = this.logs.perSecond1m(now);
    return bad + good > 0 ? bad / (bad + good) : 0;
  }

  /** Called once per status tick: process figures are deltas between ticks. */
  sampleProcess(now: number): void {
    this.process = this.sampler.sample(now);
  }

  stats(input: {
    now: number;
    startedAt: number | null;
    lag: PartitionLag[];
    dataQuality: Stats['dataQuality'];
    counts: { byLevel: Record<string, number>; byTrigger: Record<string, number> };
    diskBytes: number;
  }): Stats {
    const { now } = input;
    let consumerLag = 0;
    for (const p of input.lag) consumerLag += p.lag;
    return {
      processed: this.processed,
      errors: this.errors,
      logsPerSecond: this.logs.perSecond(now),
      logsPerSecond1m: round(this.logs.perSecond1m(now)),
      latencyMs: this.latency.percentiles(now),
      decisionLatencyMs: this.decisionLatency.percentiles(now),
      errorRate: round(this.errorRate(now), 6),
      errorLogRate: round(this.errorLogRate(now), 6),
      uptimeSeconds: input.startedAt === null ? 0 : Math.max(0, Math.round((now - input.startedAt) / 1000)),
      consumerLag,
      lagByPartition: input.lag,
      dataQuality: input.dataQuality,
      countsByLevel: input.counts.byLevel,
      countsByTrigger: input.counts.byTrigger,
      process: this.process,
      diskBytes: input.diskBytes,
    };
  }

  close(): void {
    this.sampler.close();
  }
}

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
