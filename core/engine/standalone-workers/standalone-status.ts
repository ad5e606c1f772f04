/**
 * The standalone engine's status with its other threads' figures (issue 19, standalone `workers: N`):
 * logs and rates added, latencies and health the worst thread's (merge-status.ts), alert counts the
 * main engine's own (its one store holds every thread's alerts). A thread that could not answer
 * degrades the health with its reason; so do evidence messages refused as invalid.
 */
import type { EngineStatus } from '../../contract';
import { mergeStatuses } from '../workers/merge-status';
import type { StandaloneThreads } from './standalone-threads';

export function withStandaloneThreads(own: EngineStatus, threads: StandaloneThreads | null): EngineStatus {
  if (threads === null) {
    // The demo source runs one engine thread whatever the start asked: the status says so.
    const asked = own.config?.source === 'demo' ? own.config.workers : undefined;
    return asked === undefined ? own : { ...own, workers: 1 };
  }
  const { statuses, failure } = threads.polled();
  let status: EngineStatus = { ...own, workers: threads.workers() };
  if (statuses.length > 0) {
    const merged = mergeStatuses([own, ...statuses], own.config);
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
  const problems: string[] = [];
  if (failure !== null) problems.push(`a worker thread failed: ${failure}`);
  const { invalid, failed } = threads.counters;
  if (invalid + failed > 0)
    problems.push(
      `${invalid + failed} evidence message(s) from worker threads not applied (invalid or failed)`,
    );
  if (problems.length === 0) return status;
  // Degraded, not unhealthy: the group gives an ended thread's partitions to its other members.
  return {
    ...status,
    health: {
      status: status.health.status === 'unhealthy' ? 'unhealthy' : 'degraded',
      reasons: [...status.health.reasons, ...problems],
    },
  };
}
