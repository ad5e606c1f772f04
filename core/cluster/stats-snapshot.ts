/**
 * Turns what an analyzer knows of itself (its engine's status, the partitions it owns) into the
 * `AnalyzerStats` record it publishes to the stats topic. Pure: the figures come from the snapshot
 * the role wiring hands over, never from globals.
 */
import type { AnalyzerStats, EngineStatus, TopicPartition, VigilRole } from '../contract';

/** What the stats publisher asks of its analyzer at each interval. */
export interface StatsSnapshot {
  role: VigilRole;
  /** The engine's status (health, rate, per-partition lag, process CPU). */
  status: Pick<EngineStatus, 'startedAt' | 'health' | 'stats' | 'workers'>;
  /** The log partitions this analyzer's consumer owns now (from its group assignment). */
  logPartitions: readonly TopicPartition[];
  /** Its fold member's partitions and the keyed topics' partition count (null: not joined yet). */
  fold: { owned: readonly number[]; partitions: number | null };
}

export interface AnalyzerIdentity {
  analyzerId: string;
  host: string;
  pid: number;
}

/** The contract's bounds (core/contract/fleet.ts): a record past them would not validate at all. */
const MAX_TOPICS = 256;
const MAX_PARTITIONS = 10_000;
const MAX_REASONS = 20;
const MAX_REASON_CHARS = 1000;

export function analyzerStatsFrom(
  identity: AnalyzerIdentity,
  snapshot: StatsSnapshot,
  sentAt: number,
  leaving = false,
): AnalyzerStats {
  const { stats, health } = snapshot.status;
  const owned = new Set(snapshot.logPartitions.map((p) => `${p.topic}\u0000${p.partition}`));
  // The lag poll reads every partition of the group's topics: this analyzer's lag is its own partitions'.
  let consumerLag = 0;
  const partitionsByTopic = new Map<string, number>();
  for (const entry of stats.lagByPartition) {
    if (owned.has(`${entry.topic}\u0000${entry.partition}`)) consumerLag += Math.max(0, entry.lag);
    const known = partitionsByTopic.get(entry.topic) ?? 0;
    partitionsByTopic.set(entry.topic, Math.max(known, entry.partition + 1));
  }
  for (const p of snapshot.logPartitions) {
    const known = partitionsByTopic.get(p.topic) ?? 0;
    partitionsByTopic.set(p.topic, Math.max(known, p.partition + 1));
  }
  const rate = stats.logsPerSecond;
  return {
    ...identity,
    role: snapshot.role,
    startedAt: snapshot.status.startedAt ?? sentAt,
    partitions: {
      logs: [...snapshot.logPartitions].sort(byTopicPartition).slice(0, MAX_PARTITIONS),
      fold: [...snapshot.fold.owned].sort((a, b) => a - b).slice(0, MAX_PARTITIONS),
    },
    logTopics: [...partitionsByTopic]
      .map(([topic, partitions]) => ({ topic, partitions }))
      .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0))
      .slice(0, MAX_TOPICS),
    foldPartitions: snapshot.fold.partitions,
    logsPerSecond: Math.max(0, rate),
    consumerLag,
    processed: Math.max(0, stats.processed),
    health: health.status,
    healthReasons: health.reasons.slice(0, MAX_REASONS).map((r) => r.slice(0, MAX_REASON_CHARS)),
    // The process's CPU share over the last second divided by the logs of the last second.
    cpuMicrosPerLog: rate >= 1 ? Math.round((stats.process.cpuPercent * 1_000_000) / rate) / 100 : null,
    sentAt,
    leaving,
    // An analyzer's engine threads (`workers: N`): its partitions and figures are all of theirs.
    ...(snapshot.status.workers === undefined ? {} : { workers: snapshot.status.workers }),
  };
}

/**
 * The log partitions of an analyzer process: its main thread's and each extra engine thread's
 * (`workers: N`), each partition once, sorted. A partition two threads both name (the instant of a
 * rebalance) is still one partition of this analyzer.
 */
export function unionPartitions(lists: ReadonlyArray<readonly TopicPartition[]>): TopicPartition[] {
  const byKey = new Map<string, TopicPartition>();
  for (const list of lists)
    for (const p of list)
      byKey.set(`${p.topic}\u0000${p.partition}`, { topic: p.topic, partition: p.partition });
  return [...byKey.values()].sort(byTopicPartition);
}

function byTopicPartition(a: TopicPartition, b: TopicPartition): number {
  if (a.topic !== b.topic) return a.topic < b.topic ? -1 : 1;
  return a.partition - b.partition;
}
