/** How a KafkaLogSource is tuned, and what it counts. */
import type { EachBatchPayload } from 'kafkajs';
import type { TopicPartition } from '../contract';
import type { ClientTuning } from './kafka-client-config';
import type { SourceLogger } from './kafka-log';

export interface ConsumerTuning {
  sessionTimeoutMs: number;
  /** Also the period of the heartbeats sent while a batch is being handled. */
  heartbeatIntervalMs: number;
  /** Longest a fetch waits for data; also bounds how long stop() waits on an idle consumer. */
  maxWaitTimeMs: number;
  maxBytesPerPartition: number;
  /** Upper bound of one fetch response, hence of the memory one batch can take. */
  maxBytes: number;
}

export interface KafkaSourceOptions {
  logger?: SourceLogger;
  client?: Partial<ClientTuning>;
  consumer?: Partial<ConsumerTuning>;
  /** Period of the admin lag poll. */
  lagPollIntervalMs?: number;
  /** How often a `topicPattern` is matched again against the cluster's topics. */
  topicRefreshIntervalMs?: number;
  /** Backoff of the restarts we do ourselves when kafkajs gives up on a consumer. */
  restartBackoff?: { initialMs: number; maxMs: number };
  /**
   * Commits a handled batch's next offset instead of the consumer's own commit: an analyzer commits
   * it in the Kafka transaction that publishes the batch's alert evidence (docs/scaling.md).
   */
  commitBatch?: BatchCommit;
  /**
   * A handled batch of a partition this member no longer owns (kafkajs can deliver one after a
   * rebalance, issue #1046): it is neither committed nor resolved, the partition's new owner
   * analyzes it; an analyzer discards the batch's evidence here (docs/scaling.md).
   */
  onBatchDropped?: (topic: string, partition: number) => void;
  /** Issue 19 (fencing): each group join's partitions (an analyzer releases the producers of the others). */
  onAssigned?: (partitions: TopicPartition[]) => void;
}

/**
 * A commit the analyzer refused (docs/scaling.md, "Exactness when partitions move"): the batch is
 * neither resolved nor counted; with `seekTo` the consumer fetches the partition from there.
 */
export interface BatchRefused {
  refused: 'fenced' | 'realigned';
  seekTo: string | null;
}

/**
 * `fetchedOffset`: the offset the batch was fetched from (the consumer's position); `commitOwn`:
 * the consumer group's own commit of the batch, for a hook that commits after its own step (a
 * standalone engine thread, once the main engine has made the batch's evidence durable).
 */
export type BatchCommit = (
  topic: string,
  partition: number,
  nextOffset: string,
  fetchedOffset: string,
  commitOwn?: () => Promise<void>,
) => Promise<BatchRefused | undefined | void>;

/** The group of a source: decided by the engine (core/engine/installation-group.ts), never a shared default. */
export function decidedGroup(config: { groupId?: string | undefined }): string {
  if (config.groupId === undefined) throw new Error('a Kafka source needs its consumer group decided');
  return config.groupId;
}

/** The consumer group's own commit of a handled batch (the default). */
export function consumerCommit(payload: EachBatchPayload): BatchCommit {
  return (topic, partition, offset) =>
    payload.commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset }] }] });
}

export interface KafkaSourceCounters {
  batches: number;
  messages: number;
  handlerFailures: number;
  crashes: number;
  restarts: number;
  /** Batches of partitions no longer assigned to this member, dropped uncommitted. */
  staleBatches: number;
  /** Batches whose commit the analyzer refused (another member claimed the partition, or a seek). */
  fencedBatches: number;
}

export const DEFAULT_CONSUMER_TUNING: ConsumerTuning = {
  // A consumer restarted after a broker outage rejoins as a new member; the coordinator waits for
  // the old one to expire first, so this bounds recovery (30 s measured with kafkajs' default).
  sessionTimeoutMs: 10_000,
  heartbeatIntervalMs: 3000,
  maxWaitTimeMs: 1000,
  maxBytesPerPartition: 1024 * 1024,
  maxBytes: 10 * 1024 * 1024,
};

/** Few, short retries: a failed start or lag poll should be reported within seconds. */
export const ADMIN_RETRY = { initialRetryTime: 300, maxRetryTime: 2000, retries: 2 };
