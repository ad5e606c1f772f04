/**
 * Reads a window of a Kafka partition outside any consumer group (no group join, nothing
 * committed; why the cluster client and not a throwaway consumer: kafka-cluster.ts): the
 * partition's bounds (log start offset, high watermark), the first offset at or after a time
 * (ListOffsets by timestamp, what the admin's `fetchTopicOffsetsByTimestamp` sends), and the
 * messages from an offset. Bounded: at most `count` messages are kept per read, each fetch asks
 * for at most `fetchMaxBytes`, and every read stops at its deadline with what it has.
 */
import { Kafka } from 'kafkajs';
import type { KafkaConfig } from '../contract';
import { DEFAULT_CLIENT_TUNING, toKafkaJsConfig, type ClientTuning } from './kafka-client-config';
import { withoutAborted } from './kafka-aborted';
import { createCluster, ISOLATION_LEVEL, type KafkaCluster } from './kafka-cluster';
import { kafkaJsLogCreator, secretsOf, stderrSourceLogger } from './kafka-log';
import { messageTimestamp } from './kafka-message';
import type { RawMessage } from './source';

export interface PartitionBounds {
  /** The first offset the broker still holds (log start offset). */
  low: bigint;
  /** The offset the next message will get (high watermark). */
  high: bigint;
}

export interface WindowRead {
  messages: RawMessage[];
  /** False when the deadline stopped the read before `count` messages or the partition's end. */
  complete: boolean;
}

export interface WindowReaderOptions {
  tuning: ClientTuning;
  /** Bytes asked of the broker per fetch (the broker may exceed it for one oversized message). */
  fetchMaxBytes: number;
  /** How long the broker may wait for data in one fetch; reads stay below the high watermark. */
  fetchMaxWaitMs: number;
}

export const DEFAULT_WINDOW_OPTIONS: WindowReaderOptions = {
  tuning: {
    connectionTimeoutMs: 3000,
    requestTimeoutMs: 10_000,
    retry: { initialRetryTime: 100, maxRetryTime: 1000, retries: 2 },
  },
  fetchMaxBytes: 1024 * 1024,
  fetchMaxWaitMs: 100,
};

const TIMED_OUT = Symbol('timed out');

/** `promise`, or TIMED_OUT once `deadlineAt` (epoch ms) has passed. */
async function beforeDeadline<T>(promise: Promise<T>, deadlineAt: number): Promise<T | typeof TIMED_OUT> {
  const remaining = deadlineAt - Date.now();
  if (remaining <= 0) {
    promise.catch(() => undefined);
    return TIMED_OUT;
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), remaining);
  });
  promise.catch(() => undefined); // an abandoned request may fail later: not an unhandled rejection
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export class KafkaWindowReader {
  private readonly cluster: KafkaCluster;
  private readonly options: WindowReaderOptions;
  private connected = false;

  constructor(config: KafkaConfig, options: Partial<WindowReaderOptions> = {}) {
    this.options = { ...DEFAULT_WINDOW_OPTIONS, ...options };
    const secrets = secretsOf(config);
    const kafka = new Kafka(
      toKafkaJsConfig(
        { ...config, clientId: `${config.clientId}-context` },
        kafkaJsLogCreator(stderrSourceLogger, secrets),
        this.options.tuning ?? DEFAULT_CLIENT_TUNING,
      ),
    );
    this.cluster = createCluster(kafka);
  }

  async open(): Promise<void> {
    await this.cluster.connect();
    this.connected = true;
  }

  async close(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.cluster.disconnect();
  }

  /** The topic's partitions (throws kafkajs's UNKNOWN_TOPIC_OR_PARTITION for a missing topic). */
  async partitions(topic: string): Promise<number[]> {
    await this.cluster.addTargetTopic(topic);
    return this.cluster
      .findTopicPartitionMetadata(topic)
      .map((p) => p.partitionId)
      .sort((a, b) => a - b);
  }

  async bounds(topic: string, partitions: number[]): Promise<Map<number, PartitionBounds>> {
    const query = (fromBeginning: boolean) =>
      this.cluster.fetchTopicsOffset([
        { topic, partitions: partitions.map((partition) => ({ partition })), fromBeginning },
      ]);
    const [low, high] = await Promise.all([query(true), query(false)]);
    const out = new Map<number, PartitionBounds>();
    for (const p of low[0]?.partitions ?? []) out.set(p.partition, { low: BigInt(p.offset), high: 0n });
    for (const p of high[0]?.partitions ?? []) {
      const b = out.get(p.partition);
      if (b !== undefined) b.high = BigInt(p.offset);
    }
    return out;
  }

  /** Per partition, the first offset whose timestamp is at or after `time`; null: none is. */
  async offsetsAt(topic: string, partitions: number[], time: number): Promise<Map<number, bigint | null>> {
    const answer = await this.cluster.fetchTopicsOffset([
      { topic, partitions: partitions.map((partition) => ({ partition })), fromTimestamp: time },
    ]);
    const out = new Map<number, bigint | null>();
    for (const p of answer[0]?.partitions ?? []) {
      const offset = BigInt(p.offset);
      out.set(p.partition, offset < 0n ? null : offset);
    }
    return out;
  }

  /**
   * Up to `count` messages of one partition from offset `from` (inclusive), in offset order, up to
   * `end` (exclusive: the high watermark read before). Control records (transaction markers) and
   * records of aborted transactions are skipped, as a READ_COMMITTED consumer skips them.
   */
  async read(
    topic: string,
    partition: number,
    from: bigint,
    end: bigint,
    count: number,
    deadlineAt: number,
  ): Promise<WindowRead> {
    const messages: RawMessage[] = [];
    let next = from;
    let emptyFetches = 0;
    while (messages.length < count && next < end) {
      const leaders = this.cluster.findLeaderForPartitions(topic, [partition]);
      const nodeId = Object.keys(leaders)[0];
      if (nodeId === undefined) throw new Error(`no leader for ${topic}[${partition}]`);
      const broker = await this.cluster.findBroker({ nodeId });
      const response = await beforeDeadline(
        broker.fetch({
          replicaId: -1,
          isolationLevel: ISOLATION_LEVEL,
          maxWaitTime: this.options.fetchMaxWaitMs,
          minBytes: 1,
          maxBytes: this.options.fetchMaxBytes,
          topics: [
            {
              topic,
              partitions: [{ partition, fetchOffset: next.toString(), maxBytes: this.options.fetchMaxBytes }],
            },
          ],
        }),
        deadlineAt,
      );
      if (response === TIMED_OUT) return { messages, complete: false };
      const data = response.responses[0]?.partitions.find((p) => p.partition === partition);
      const receivedAt = Date.now();
      let advanced = false;
      for (const m of withoutAborted(data?.messages ?? [], data?.abortedTransactions)) {
        const offset = BigInt(m.offset);
        // A fetch starts at the record batch holding `next`, so earlier offsets can come back.
        if (offset < next || offset >= end) continue;
        next = offset + 1n;
        advanced = true;
        if (m.isControlRecord === true) continue;
        messages.push({
          topic,
          partition,
          offset: m.offset,
          timestamp: messageTimestamp(m.timestamp, receivedAt),
          key: m.key ?? null,
          value: m.value ?? null,
        });
        if (messages.length >= count) break;
      }
      if (!advanced && ++emptyFetches >= 3) return { messages, complete: false };
    }
    return { messages, complete: true };
  }
}
