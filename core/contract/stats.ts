/**
 * How the engine is doing: the log source's state, health and its reasons, and the running figures
 * (throughput, latencies, consumer lag, process metrics). Re-exported by data.ts.
 */
import { z } from 'zod';

/** Where a log source (Kafka, demo replay) stands: read by health and shown with its reason. */
export const SOURCE_STATES = ['connecting', 'running', 'reconnecting', 'stopped', 'failed'] as const;
export type SourceState = (typeof SOURCE_STATES)[number];

/** `stopped`: no source runs, so nothing is analyzed (the other figures may still be listed). */
export const HEALTH_STATUSES = ['healthy', 'degraded', 'unhealthy', 'stopped'] as const;
export const HealthStatus = z.enum(HEALTH_STATUSES);
export type HealthStatus = z.infer<typeof HealthStatus>;

export const Health = z.object({
  status: HealthStatus,
  reasons: z.array(z.string()),
});
export type Health = z.infer<typeof Health>;

export const Percentiles = z.object({ p50: z.number(), p95: z.number(), p99: z.number() });
export type Percentiles = z.infer<typeof Percentiles>;

export const PartitionLag = z.object({ topic: z.string(), partition: z.number().int(), lag: z.number() });
export type PartitionLag = z.infer<typeof PartitionLag>;

export const ProcessMetrics = z.object({
  cpuPercent: z.number(),
  rssBytes: z.number(),
  heapUsedBytes: z.number(),
  eventLoopDelayMs: Percentiles,
});
export type ProcessMetrics = z.infer<typeof ProcessMetrics>;

export const Stats = z.object({
  processed: z.number(),
  /** Logs whose analysis threw or that were rejected as malformed. */
  errors: z.number(),
  logsPerSecond: z.number(),
  logsPerSecond1m: z.number(),
  /** Per-log analysis latency (parse → alert decision), milliseconds. */
  latencyMs: Percentiles,
  /** Kafka message timestamp → alert decision, milliseconds. */
  decisionLatencyMs: Percentiles,
  /** Vigil's own processing errors: share of logs whose analysis failed or that were malformed. */
  errorRate: z.number(),
  /** The monitored services' error logs: share of analyzed logs rated error (producer level or model), 1 min. */
  errorLogRate: z.number(),
  uptimeSeconds: z.number(),
  consumerLag: z.number(),
  lagByPartition: z.array(PartitionLag),
  dataQuality: z.object({ total: z.number(), byKind: z.record(z.string(), z.number()) }),
  countsByLevel: z.record(z.string(), z.number()),
  countsByTrigger: z.record(z.string(), z.number()),
  process: ProcessMetrics,
  diskBytes: z.number(),
});
export type Stats = z.infer<typeof Stats>;
