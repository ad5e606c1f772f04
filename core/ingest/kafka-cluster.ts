/**
 * kafkajs's cluster client, reached without a consumer group (for core/ingest/kafka-window.ts).
 *
 * Why: kafkajs has no `assign()`. Its public way to read a partition from an offset is a consumer
 * in a group (a unique throwaway groupId, `seek`, autoCommit off), which costs a group join per
 * read: FindCoordinator, JoinGroup, SyncGroup, and on a broker with default settings the
 * `group.initial.rebalance.delay.ms` of 3 s before a new group's first member gets its partitions.
 * That alone misses the 500 ms target for context reads, and it leaves a group per read behind on
 * the broker until it expires. The cluster object every kafkajs client is built on speaks the
 * protocol directly: metadata, ListOffsets (earliest, latest, by time) and Fetch from any offset,
 * with no group and nothing committed. kafkajs builds it through a private method of its `Kafka`
 * client (found by its symbol's description), so it gets exactly the same brokers, TLS, SASL,
 * timeouts, retries and logger as our consumer. kafkajs is pinned (2.2.4, its last release);
 * `tests/integration/kafka-context.test.ts` breaks if these internals ever change, and this file
 * says so in words instead of failing obscurely.
 */
import type { Kafka } from 'kafkajs';

/** READ_COMMITTED, as our consumer reads (kafkajs's default). */
const ISOLATION_READ_COMMITTED = 1;

export interface FetchedMessage {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  isControlRecord?: boolean;
  batchContext?: { producerId: string; inTransaction: boolean };
}

interface FetchPartition {
  partition: number;
  errorCode: number;
  highWatermark: string;
  abortedTransactions?: Array<{ producerId: string; firstOffset: string }>;
  messages: FetchedMessage[];
}

export interface KafkaBroker {
  fetch(request: {
    replicaId?: number;
    isolationLevel?: number;
    maxWaitTime?: number;
    minBytes?: number;
    maxBytes?: number;
    topics: Array<{
      topic: string;
      partitions: Array<{ partition: number; fetchOffset: string; maxBytes: number }>;
    }>;
  }): Promise<{ responses: Array<{ topicName: string; partitions: FetchPartition[] }> }>;
}

export interface TopicOffsetsQuery {
  topic: string;
  partitions: Array<{ partition: number }>;
  fromBeginning?: boolean;
  fromTimestamp?: number;
}

export interface KafkaCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  findTopicPartitionMetadata(topic: string): Array<{ partitionId: number; leader: number }>;
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findBroker(query: { nodeId: string }): Promise<KafkaBroker>;
  fetchTopicsOffset(
    topics: TopicOffsetsQuery[],
  ): Promise<Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }>>;
}

type ClusterFactory = (options: {
  allowAutoTopicCreation?: boolean;
  isolationLevel?: number;
  metadataMaxAge?: number;
}) => KafkaCluster;

export const ISOLATION_LEVEL = ISOLATION_READ_COMMITTED;

/** A cluster client of `kafka`, outside any consumer group. Throws a clear error if kafkajs changed. */
export function createCluster(kafka: Kafka): KafkaCluster {
  const symbol = Object.getOwnPropertySymbols(kafka).find(
    (s) => s.description === 'private:Kafka:createCluster',
  );
  const factory = symbol === undefined ? undefined : (kafka as unknown as Record<symbol, unknown>)[symbol];
  if (typeof factory !== 'function')
    throw new Error(
      'this kafkajs version does not expose its cluster client; Kafka context reads need kafkajs 2.x',
    );
  return (factory as ClusterFactory)({
    allowAutoTopicCreation: false,
    isolationLevel: ISOLATION_READ_COMMITTED,
  });
}
