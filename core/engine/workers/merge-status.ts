/**
 * One status for an analyzer's N engine threads: counts and rates add up (the group's lag is one
 * reading, not a sum); latencies are the worst
 * thread's (a percentile of a union cannot be computed from percentiles, and the worst one is the
 * honest upper bound); health is the worst thread's, its reasons prefixed by the thread. Pure.
 */
import type { EngineStatus, Health, PartitionLag, Percentiles, Stats } from '../../contract';

const SEVERITY: Record<Health['status'], number> = { healthy: 0, degraded: 1, stopped: 2, unhealthy: 3 };

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

function addCounts(records: ReadonlyArray<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const record of records)
    for (const [key, value] of Object.entries(record)) out[key] = (out[key] ?? 0) + value;
  return out;
}

function worst(values: readonly Percentiles[]): Percentiles {
  return {
    p50: Math.max(...values.map((v) => v.p50)),
    p95: Math.max(...values.map((v) => v.p95)),
    p99: Math.max(...values.map((v) => v.p99)),
  };
}

function weighted(stats: readonly Stats[], rate: (s: Stats) => number): number {
  const total = sum(stats.map((s) => s.processed));
  return total === 0 ? 0 : sum(stats.map((s) => rate(s) * s.processed)) / total;
}

/**
 * Every thread's source tracks the lag of the whole group (its own partitions from its batches, the
 * others' from the periodic admin poll of committed offsets), so lags are not added: per partition
 * the smallest one, the freshest reading (positions only move forward).
 */
function groupLag(stats: readonly Stats[]): PartitionLag[] {
  const byKey = new Map<string, PartitionLag>();
  for (const entry of stats.flatMap((s) => s.lagByPartition)) {
    const key = `${entry.topic}\u0000${entry.partition}`;
    const known = byKey.get(key);
    if (known === undefined || entry.lag < known.lag) byKey.set(key, entry);
  }
  return [...byKey.values()].sort((a, b) =>
    a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1,
  );
}

export function mergeStats(stats: readonly Stats[]): Stats {
  const lag = groupLag(stats);
  return {
    processed: sum(stats.map((s) => s.processed)),
    errors: sum(stats.map((s) => s.errors)),
    logsPerSecond: sum(stats.map((s) => s.logsPerSecond)),
    logsPerSecond1m: sum(stats.map((s) => s.logsPerSecond1m)),
    latencyMs: worst(stats.map((s) => s.latencyMs)),
    decisionLatencyMs: worst(stats.map((s) => s.decisionLatencyMs)),
    errorRate: weighted(stats, (s) => s.errorRate),
    errorLogRate: weighted(stats, (s) => s.errorLogRate),
    uptimeSeconds: Math.max(...stats.map((s) => s.uptimeSeconds)),
    consumerLag: sum(lag.map((p) => p.lag)),
    lagByPartition: lag,
    dataQuality: {
      total: sum(stats.map((s) => s.dataQuality.total)),
      byKind: addCounts(stats.map((s) => s.dataQuality.byKind)),
    },
    countsByLevel: addCounts(stats.map((s) => s.countsByLevel)),
    countsByTrigger: addCounts(stats.map((s) => s.countsByTrigger)),
    // One process: its CPU, memory and event loop are measured the same from any thread's side
    // except the event loop, which is per thread: the worst one.
    process: {
      ...stats[0]!.process,
      eventLoopDelayMs: worst(stats.map((s) => s.process.eventLoopDelayMs)),
    },
    diskBytes: sum(stats.map((s) => s.diskBytes)),
  };
}

function mergeHealth(statuses: readonly EngineStatus[]): Health {
  const status = statuses.map((s) => s.health.status).reduce((a, b) => (SEVERITY[b] > SEVERITY[a] ? b : a));
  // A reason every thread gives is said once; another names its thread.
  const everywhere = statuses[0]!.health.reasons.filter((r) =>
    statuses.every((s) => s.health.reasons.includes(r)),
  );
  const own = statuses.flatMap((s, i) =>
    s.health.reasons.filter((r) => !everywhere.includes(r)).map((r) => `worker ${i + 1}: ${r}`),
  );
  return { status, reasons: [...everywhere, ...own] };
}

/** The analyzer's status from its threads' (in worker order); `config` is the analyzer's own request. */
export function mergeStatuses(
  statuses: readonly EngineStatus[],
  config: EngineStatus['config'],
): EngineStatus {
  if (statuses.length === 0) throw new Error('mergeStatuses needs at least one worker status');
  const started = statuses.map((s) => s.startedAt).filter((t): t is number => t !== null);
  return {
    running: statuses.some((s) => s.running),
    source: statuses[0]!.source,
    startedAt: started.length === 0 ? null : Math.min(...started),
    health: mergeHealth(statuses),
    stats: mergeStats(statuses.map((s) => s.stats)),
    config,
    ...(statuses[0]!.rules === undefined ? {} : { rules: statuses[0]!.rules }),
    workers: statuses.length,
  };
}

/**
 * An engine's status with its other threads' (`workers` in all): their figures added, the alert
 * counts the engine's own (in a role the cluster's, standalone the one store's), and the health
 * degraded with `problems` (degraded, not unhealthy: the group gives an ended thread's partitions
 * to the other members). One rule for the analyzer's threads and standalone's.
 */
export function withThreads(
  own: EngineStatus,
  workers: number,
  others: readonly EngineStatus[],
  problems: readonly string[],
): EngineStatus {
  let status: EngineStatus = { ...own, workers };
  if (others.length > 0) {
    const merged = mergeStatuses([own, ...others], own.config);
    status = {
      ...status,
      health: merged.health,
      stats: {
        ...merged.stats,
        countsByLevel: own.stats.countsByLevel,
        countsByTrigger: own.stats.countsByTrigger,
      },
    };
  }
  if (problems.length === 0) return status;
  return {
    ...status,
    health: {
      status: status.health.status === 'unhealthy' ? 'unhealthy' : 'degraded',
      reasons: [...status.health.reasons, ...problems],
    },
  };
}
