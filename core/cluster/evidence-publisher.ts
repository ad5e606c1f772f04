/**
 * An analyzer's consume-transform-produce (docs/scaling.md): the evidence of a handled batch of logs
 * is produced to the cluster's evidence topic, keyed by alert fingerprint, and the batch's log
 * offsets are committed for the analyzers' group IN THE SAME Kafka transaction. A crash before the
 * commit publishes nothing and commits nothing: the batch is analyzed again by whoever owns it next.
 *
 * The transaction is that of the batch's PARTITION's producer (partition-producers.ts): a member
 * that still holds a batch of a partition another member has claimed since is fenced, and its
 * batch is refused (not resolved, its evidence discarded, counted as `fenced`), never counted twice.
 */
import { Kafka, type Admin, type Producer } from 'kafkajs';
import type { Alert, KafkaConfig } from '../contract';
import { toKafkaJsConfig } from '../ingest/kafka-client-config';
import { kafkaJsLogCreator, secretsOf, stderrSourceLogger, type SourceLogger } from '../ingest/kafka-log';
import type { BatchRefused } from '../ingest/kafka-source-options';
import type { Evidence } from './evidence';
import { EvidenceTracker } from './evidence-tracker';
import { isFencedError, PartitionProducers } from './partition-producers';
import { clusterGroups, clusterTopics } from './topics';

export class EvidencePublisher {
  /**
   * `fenced`: batches refused because another member claimed their partition since; `realigned`:
   * batches refused because they were fetched from before the partition's committed offset.
   */
  readonly counters = { transactions: 0, evidence: 0, aborted: 0, dropped: 0, fenced: 0, realigned: 0 };
  private readonly admin: Admin;
  private readonly producers: PartitionProducers;
  private readonly topic: string;
  private readonly groupId: string;
  private readonly logger: SourceLogger;
  private readonly tracker = new EvidenceTracker();
  private pending: Evidence[] = [];

  constructor(options: {
    kafka: KafkaConfig;
    cluster: string;
    /** Names this analyzer in its log lines (the transactional ids are the partitions'). */
    analyzerId: string;
    logger?: SourceLogger;
    /** The broker aborts a dead analyzer's open transaction after this long (readers of the evidence wait for it). */
    transactionTimeoutMs?: number;
  }) {
    this.logger = options.logger ?? stderrSourceLogger;
    const kafka = new Kafka(
      toKafkaJsConfig(options.kafka, kafkaJsLogCreator(this.logger, secretsOf(options.kafka))),
    );
    this.admin = kafka.admin();
    this.groupId = clusterGroups(options.cluster).logs;
    this.producers = new PartitionProducers({
      kafka,
      admin: this.admin,
      cluster: options.cluster,
      groupId: this.groupId,
      transactionTimeoutMs: options.transactionTimeoutMs ?? 10_000,
    });
    this.topic = clusterTopics(options.cluster).evidence;
  }

  /** Connects the admin client that reads a claimed partition's committed offset; producers come per partition. */
  connect(): Promise<void> {
    return this.admin.connect();
  }

  async disconnect(): Promise<void> {
    await this.producers.disconnectAll();
    await this.admin.disconnect();
  }

  /** Producers alive now: at most one per log partition this member owns. */
  producerCount(): number {
    return this.producers.size;
  }

  /** Alerts the engine held before it became an analyzer: their counts so far are not evidence. */
  prime(existing: readonly Alert[]): void {
    this.tracker.take(existing);
  }

  /** The engine's alerts changed by the batch in hand (EngineOptions.onAlertsChanged). */
  collect(changed: readonly Alert[]): void {
    this.pending.push(...this.tracker.take(changed));
  }

  /**
   * The batch in hand is dropped uncommitted (KafkaSourceOptions.onBatchDropped: its partition moved
   * to another member, which analyzes it): its evidence is not published; the tracker has already
   * moved past its counts, so they are counted once, by the new owner.
   */
  discard = (): void => {
    this.pending = [];
    this.counters.dropped++;
  };

  /** A group join (KafkaSourceOptions.onAssigned): the producers of partitions moved away are released. */
  assigned = (partitions: ReadonlyArray<{ topic: string; partition: number }>): void => {
    void this.producers.keepOnly(partitions);
  };

  /** The source's commit of the batch in hand (KafkaSourceOptions.commitBatch). */
  commit = async (
    topic: string,
    partition: number,
    nextOffset: string,
    fetchedOffset: string,
  ): Promise<BatchRefused | undefined> => {
    const evidence = this.pending;
    this.pending = [];
    const acquired = await this.producers.acquire(topic, partition, fetchedOffset);
    if ('seekTo' in acquired) {
      this.counters.realigned++;
      this.logger(
        'info',
        `${topic}[${partition}] is committed up to ${acquired.seekTo}, not ${fetchedOffset}: batch refused, fetching from there`,
      );
      return { refused: 'realigned', seekTo: acquired.seekTo };
    }
    const producer = acquired.producer;
    const txn = await producer.transaction();
    try {
      if (evidence.length > 0)
        await txn.send({
          topic: this.topic,
          messages: evidence.map((e) => ({ key: e.fingerprint, value: JSON.stringify(e) })),
        });
      await txn.sendOffsets({
        consumerGroupId: this.groupId,
        topics: [{ topic, partitions: [{ partition, offset: nextOffset }] }],
      });
      await txn.commit();
    } catch (error) {
      return this.failed(topic, partition, producer, txn, error);
    }
    this.producers.committed(topic, partition, producer, nextOffset);
    this.counters.transactions++;
    this.counters.evidence += evidence.length;
    return undefined;
  };

  private async failed(
    topic: string,
    partition: number,
    producer: Producer,
    txn: { abort(): Promise<unknown> },
    error: unknown,
  ): Promise<BatchRefused> {
    const fenced = isFencedError(error);
    const released = !this.producers.holds(topic, partition, producer);
    if (!fenced) await txn.abort().catch(() => undefined);
    if (!fenced && !released) {
      this.counters.aborted++;
      // Committed or not is unknown: the next batch claims the partition again and reads the
      // committed offset, so this batch, delivered again, counts only if it did not commit.
      await this.producers.unsure(topic, partition, producer);
      throw error; // the source does not resolve the batch: it is fetched and analyzed again
    }
    // Another member claimed the partition (or this member's join gave it away): the batch is its now.
    this.counters.fenced++;
    await this.producers.drop(topic, partition, producer);
    this.logger(
      'info',
      `${topic}[${partition}]: batch refused, the partition moved to another member (${fenced ? 'fenced' : 'released'})`,
    );
    return { refused: 'fenced', seekTo: null };
  }
}
