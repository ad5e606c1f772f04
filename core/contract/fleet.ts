/**
 * The fleet of a cluster (issue 19, docs/scaling.md): each analyzer publishes its `AnalyzerStats` to
 * `vigil.<cluster>.stats` every few seconds; analyzers and consoles read them back into a
 * `FleetStatus` (the `fleet:status` command, `GET /api/fleet`, the Overview's fleet table).
 *
 * `AnalyzerStats` is read from Kafka, so it is a plain (non-strict) object: a newer analyzer's extra
 * fields are dropped, not refused.
 */
import { z } from 'zod';
import { MAX_WORKERS, VigilRole } from './config';
import { HealthStatus } from './data';

const count = z.number().int().nonnegative();
const topicName = z.string().min(1).max(249);

export const TopicPartition = z.object({ topic: topicName, partition: count });
export type TopicPartition = z.infer<typeof TopicPartition>;

export const AnalyzerStats = z.object({
  /** Stable per installation: the stats topic's key. */
  analyzerId: z.string().min(1).max(128),
  host: z.string().max(256),
  pid: count,
  role: VigilRole,
  /** When this analyzer's engine started (epoch ms). */
  startedAt: z.number(),
  /** The partitions it owns now: of the log topics (group `vigil.<cluster>.analyzers`) and of the fold. */
  partitions: z.object({
    logs: z.array(TopicPartition).max(10_000),
    fold: z.array(count).max(10_000),
  }),
  /** Every partition of the log topics it consumes, as it sees them: to tell a partition nobody owns. */
  logTopics: z.array(z.object({ topic: topicName, partitions: count })).max(256),
  /** The partition count of the fingerprint-keyed topics (null: its fold member has not joined yet). */
  foldPartitions: count.nullable(),
  logsPerSecond: z.number().nonnegative(),
  consumerLag: z.number().nonnegative(),
  /** Logs analyzed since the engine started. */
  processed: z.number().nonnegative(),
  health: HealthStatus,
  healthReasons: z.array(z.string().max(1000)).max(20),
  /** The analyzer process's CPU time per analyzed log over the last interval, µs (null: no logs). */
  cpuMicrosPerLog: z.number().nonnegative().nullable(),
  /** When it was sent, on the analyzer's clock (epoch ms). */
  sentAt: z.number(),
  /** The last record of an analyzer that stops cleanly: it is gone at once, not after a silence. */
  leaving: z.boolean().default(false),
  // ---- issue 19 item 3 (workers: N in the fleet; branch s8-fleetw) ----
  /** Engine threads analyzing in this process (`workers`); absent: one (or an older analyzer). */
  workers: z.number().int().min(1).max(MAX_WORKERS).optional(),
});
export type AnalyzerStats = z.infer<typeof AnalyzerStats>;
export type AnalyzerStatsInput = z.input<typeof AnalyzerStats>;

/** `up`: stats within the stale delay; `stale`: silent for a while; `gone`: silent long, or left. */
export const FLEET_MEMBER_STATES = ['up', 'stale', 'gone'] as const;
export const FleetMemberState = z.enum(FLEET_MEMBER_STATES);
export type FleetMemberState = z.infer<typeof FleetMemberState>;

export const FleetMember = z.object({
  stats: AnalyzerStats,
  state: FleetMemberState,
  /** When it was last heard of, on the reader's clock (epoch ms). */
  lastSeenAt: z.number(),
  /** Why it is stale or gone, in words (null when up). */
  note: z.string().nullable(),
});
export type FleetMember = z.infer<typeof FleetMember>;

export const FleetTotals = z.object({
  analyzers: count,
  up: count,
  stale: count,
  gone: count,
  /** Over the analyzers that are up. */
  logsPerSecond: z.number().nonnegative(),
  consumerLag: z.number().nonnegative(),
  /** Log partitions known (from any analyzer's view of its topics) and owned by an analyzer that is up. */
  logPartitions: count,
  logPartitionsOwned: count,
  foldPartitions: count,
  foldPartitionsOwned: count,
});
export type FleetTotals = z.infer<typeof FleetTotals>;

export const FleetStatus = z.discriminatedUnion('role', [
  /** No fleet: a standalone engine, or one not running a cluster role. */
  z.object({ role: z.literal('standalone') }),
  z.object({
    role: z.enum(['analyzer', 'console']),
    cluster: z.string(),
    /** The stats topic read. */
    topic: z.string(),
    /** When this reader started (epoch ms): an analyzer silent since before then may not be listed. */
    since: z.number(),
    analyzers: z.array(FleetMember),
    totals: FleetTotals,
    /** Clear notes: partitions with no live owner, analyzers gone. Empty when all is well. */
    notes: z.array(z.string()),
    /** Stats records that did not validate (counted, logged, skipped). */
    badRecords: count,
    /** Analyzers forgotten to keep the view bounded. */
    evicted: count,
  }),
]);
export type FleetStatus = z.infer<typeof FleetStatus>;
