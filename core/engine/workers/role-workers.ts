/**
 * `workers: N` for the analyzer role (issue 19 item 3, docs/scaling.md "Analysis on every core"):
 * the engine's own thread is worker 1 (the role's log consumer, fold member and alert view); threads
 * 2 … N are AnalyzerWorkers, each one more member of the cluster's log group publishing its own
 * evidence. With N = 1 the role runs exactly as without this file. The threads' statuses are polled
 * once a second, so the engine's (synchronous) status can add their figures to its own, and the
 * analyzer's fleet stats name the log partitions the threads own beside the main thread's.
 */
import type { EngineStatus, StartRequest } from '../../contract';
import { EngineError } from '../errors';
import type { EngineClient } from '../client';
import type { RoleRuntime } from '../roles';
import type { EngineWorkerOptions } from '../worker-protocol';
import { AnalyzerWorkers } from './analyzer-workers';
import { withThreads } from './merge-status';
import { workersOf } from './spec';
import type { WorkerStatus } from './worker-status';

const POLL_MS = 1000;

export interface RoleWithWorkers extends RoleRuntime {
  /** Engine threads analyzing, this engine's included. */
  readonly workerCount: number;
  /** The other threads' statuses as last polled (empty until the first poll answers). */
  workerStatuses(): readonly EngineStatus[];
  /** Which threads the last poll could not read, and why (a thread that ended), or null. */
  workerFailure(): string | null;
}

function hasWorkers(role: RoleRuntime | null): role is RoleWithWorkers {
  return role !== null && 'workerStatuses' in role;
}

/**
 * The role with its extra threads, or the role unchanged (standalone, a console, one worker).
 * `workerOptions` absent (an engine built without createEngine): an explicit `workers > 1` is
 * refused; the default (the cores) falls back to one thread, which the status says.
 */
export async function withWorkers(
  role: RoleRuntime | null,
  request: StartRequest,
  workerOptions: EngineWorkerOptions | undefined,
  spawn?: (options: EngineWorkerOptions) => Promise<EngineClient>,
): Promise<RoleRuntime | null> {
  if (role === null || role.role !== 'analyzer' || role.analyzerId === null) return role;
  const asked = request.source === 'kafka' ? request.workers : undefined;
  const n = workersOf(request);
  if (n <= 1) return role;
  if (workerOptions === undefined) {
    if (asked === undefined) return role;
    await role.stop().catch(() => undefined);
    throw new EngineError('unavailable', 'this engine cannot start worker threads; start with workers 1');
  }
  let threads: AnalyzerWorkers;
  try {
    threads = await AnalyzerWorkers.start({
      engine: workerOptions,
      request,
      analyzerId: role.analyzerId,
      firstIndex: 2,
      count: n - 1,
      ...(spawn === undefined ? {} : { spawn }),
    });
  } catch (error) {
    await role.stop().catch(() => undefined);
    throw new EngineError(
      'unavailable',
      `could not start ${n - 1} more worker threads: ${(error as Error).message}`,
    );
  }
  let last: readonly WorkerStatus[] = [];
  let failure: string | null = null;
  // Each thread apart: one that ended (Kafka gives its partitions to the group's other members after
  // the session timeout) is named in the status, and the others' figures and partitions stay live.
  const poll = () =>
    threads.pollStatuses().then(
      ({ live, failures }) => {
        last = live;
        failure = failures.length === 0 ? null : failures.join('; ');
      },
      (error: unknown) => {
        failure = error instanceof Error ? error.message : String(error);
      },
    );
  void poll();
  // The fleet sees the process: the main thread's partitions and those of every thread that answers.
  role.fleet?.addLogPartitions(() => last.flatMap((s) => s.logPartitions));
  const timer = setInterval(() => void poll(), POLL_MS);
  timer.unref();
  const withThreads: RoleWithWorkers = {
    ...role, // the role's own parts (an object of closures) as they are; only stop() is wrapped
    workerCount: n,
    workerStatuses: () => last,
    workerFailure: () => failure,
    stop: async () => {
      clearInterval(timer);
      await threads.stop().catch(() => undefined); // each thread commits its batch in hand
      await threads.close();
      await role.stop();
    },
  };
  return withThreads;
}

/**
 * The engine's status with its other threads' figures added (counts of alerts excepted: in a role
 * they are the cluster's already). Unchanged for an engine without worker threads.
 */
export function withWorkerStatuses(own: EngineStatus, role: RoleRuntime | null): EngineStatus {
  if (!hasWorkers(role)) return own;
  const failure = role.workerFailure();
  const problems = failure === null ? [] : [`a worker thread failed: ${failure}`];
  return withThreads(own, role.workerCount, role.workerStatuses(), problems);
}
