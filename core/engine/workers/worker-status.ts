/**
 * What one of an analyzer's extra engine threads answers to `engine:status` and `engine:stop`
 * (issue 19, docs/scaling.md "Stats and the fleet"): its engine's status plus the log partitions its
 * own Kafka source owns now, so that the analyzer's stats name every partition of the process, not
 * only its main thread's. The answer crosses a thread boundary, so the main thread validates it.
 */
import { z } from 'zod';
import { EngineStatus, TopicPartition } from '../../contract';

export const WorkerStatus = EngineStatus.extend({
  /** The log partitions this thread's source owns, as the group last assigned them. */
  logPartitions: z.array(TopicPartition).max(10_000),
});
export type WorkerStatus = z.infer<typeof WorkerStatus>;

/** A thread's answer, validated; an invalid one is a clear error naming the thread, never trusted. */
export function parseWorkerStatus(value: unknown, index: number): WorkerStatus {
  const parsed = WorkerStatus.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue === undefined ? '' : ` at ${issue.path.join('.') || '(root)'}: ${issue.message}`;
  throw new Error(`worker ${index} answered an invalid status${where}`);
}
