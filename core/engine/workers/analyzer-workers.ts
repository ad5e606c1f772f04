/**
 * An analyzer's N engine threads in one process (issue 19 item 3, docs/scaling.md "Analysis on every
 * core"). Each thread is an ordinary engine in a worker_thread, its own member of the cluster's log
 * group with its own evidence publisher (transactional producers per owned log partition): Kafka
 * spreads the log partitions over the threads as over analyzer processes, and the cluster's fold
 * merges their evidence exactly. The analyzer role calls this once per start with N.
 */
import { redactConfig, type EngineStatus, type StartRequest } from '../../contract';
import type { EngineClient } from '../client';
import { EngineError } from '../errors';
import { startEngineWorker } from '../worker-client';
import type { EngineWorkerOptions } from '../worker-protocol';
import { mergeStatuses } from './merge-status';
import { workerStart, workersOf, type AnalyzerWorkerSpec } from './spec';
import { parseWorkerStatus, type WorkerStatus } from './worker-status';

export interface AnalyzerWorkersOptions {
  /** What every thread's engine is built with (data folder, models, rules...). */
  engine: EngineWorkerOptions;
  /** The analyzer's start request (source kafka, role analyzer, a cluster; `workers` optional). */
  request: StartRequest;
  /** The analyzer's stable id (its transactional ids derive from it). */
  analyzerId: string;
  /**
   * Which threads this starts: `count` threads numbered from `firstIndex` (default: all of
   * `workers`, from 1). The analyzer role runs thread 1 in its own engine and starts 2 … N here.
   */
  firstIndex?: number;
  count?: number;
  /** Spawns one thread (tests may pass their own); defaults to the engine worker thread. */
  spawn?: (options: EngineWorkerOptions) => Promise<EngineClient>;
}

export class AnalyzerWorkers {
  private constructor(
    private readonly threads: readonly EngineClient[],
    private readonly request: StartRequest,
    private readonly first: number,
  ) {}

  get count(): number {
    return this.threads.length;
  }

  /** Spawns N threads and starts each engine in the cluster's log group. Fails whole or not at all. */
  static async start(options: AnalyzerWorkersOptions): Promise<AnalyzerWorkers> {
    const { request } = options;
    if (request.source !== 'kafka' || request.cluster === undefined)
      throw new EngineError('invalid_request', 'analyzer workers need a Kafka start with a cluster');
    const n = options.count ?? workersOf(request);
    const first = options.firstIndex ?? 1;
    const spawn = options.spawn ?? startEngineWorker;
    const specs: AnalyzerWorkerSpec[] = Array.from({ length: n }, (_, i) => ({
      kafka: request.kafka,
      cluster: request.cluster!,
      analyzerId: options.analyzerId,
      index: first + i,
    }));
    const spawned = await Promise.allSettled(
      specs.map((spec) => spawn({ ...options.engine, analyzerWorker: spec })),
    );
    const threads = spawned.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    try {
      const failed = spawned.find((s) => s.status === 'rejected');
      if (failed) throw failed.reason;
      await Promise.all(threads.map((t, i) => t.call('engine:start', workerStart(specs[i]!))));
    } catch (error) {
      await Promise.allSettled(threads.map((t) => t.close()));
      throw error;
    }
    return new AnalyzerWorkers(threads, request, first);
  }

  /**
   * Each thread's own status with the log partitions its source owns, in worker order; validated
   * (an invalid answer rejects, naming the thread).
   */
  statuses(): Promise<WorkerStatus[]> {
    return Promise.all(
      this.threads.map(async (t, i) => parseWorkerStatus(await t.call('engine:status', {}), this.first + i)),
    );
  }

  /**
   * Each thread asked apart: the statuses of the threads that answered validly (in worker order)
   * and, for each other one, why not, naming it. One thread that ended hides nothing of the others.
   */
  async pollStatuses(): Promise<{ live: WorkerStatus[]; failures: string[] }> {
    const settled = await Promise.allSettled(
      this.threads.map(async (t, i) => parseWorkerStatus(await t.call('engine:status', {}), this.first + i)),
    );
    const live: WorkerStatus[] = [];
    const failures: string[] = [];
    settled.forEach((s, i) => {
      if (s.status === 'fulfilled') live.push(s.value);
      else failures.push(named(this.first + i, errorText(s.reason)));
    });
    return { live, failures };
  }

  /** The analyzer's status: the threads' merged, with `workers` and the analyzer's own request. */
  async status(): Promise<EngineStatus> {
    return mergeStatuses(await this.statuses(), this.redacted());
  }

  /** Stops every thread's source (each commits its batch in hand) and returns the merged status. */
  async stop(): Promise<EngineStatus> {
    const stopped = await Promise.all(this.threads.map((t) => t.call('engine:stop', {})));
    return mergeStatuses(stopped, this.redacted());
  }

  /** Stops and ends every thread. */
  async close(): Promise<void> {
    await Promise.allSettled(this.threads.map((t) => t.close()));
  }

  private redacted(): StartRequest {
    return redactConfig(this.request);
  }
}

function errorText(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}

/** The reason, naming its thread once. */
function named(index: number, reason: string): string {
  return reason.startsWith(`worker ${index} `) ? reason : `worker ${index}: ${reason}`;
}
