/**
 * The standalone engine's status with its other threads' figures (issue 19, standalone `workers: N`):
 * logs and rates added, latencies and health the worst thread's (merge-status.ts), alert counts the
 * main engine's own (its one store holds every thread's alerts). A thread that could not answer
 * degrades the health with its reason; so do evidence messages refused as invalid.
 */
import type { EngineStatus } from '../../contract';
import { withThreads } from '../workers/merge-status';
import type { StandaloneThreads } from './standalone-threads';

export function withStandaloneThreads(own: EngineStatus, threads: StandaloneThreads | null): EngineStatus {
  if (threads === null) {
    // The demo source runs one engine thread whatever the start asked: the status says so.
    const asked = own.config?.source === 'demo' ? own.config.workers : undefined;
    return asked === undefined ? own : { ...own, workers: 1 };
  }
  const { statuses, failure } = threads.polled();
  const problems: string[] = [];
  if (failure !== null) problems.push(`a worker thread failed: ${failure}`);
  const { invalid, failed } = threads.counters;
  if (invalid + failed > 0)
    problems.push(
      `${invalid + failed} evidence message(s) from worker threads not applied (invalid or failed)`,
    );
  return withThreads(own, threads.workers(), statuses, problems);
}
