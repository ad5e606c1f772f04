/**
 * An analyzer's consume-transform-produce (docs/scaling.md): the evidence of a handled batch of logs
 * is produced to the cluster's evidence topic, keyed by alert fingerprint, and the batch's log
 * offsets are committed for the analyzers' group IN THE SAME Kafka transaction. A crash before the
 * commit publishes nothing and commits nothing: the batch is analyzed again by whoever owns it next.
 */
import { Kafka, Partitioners, type Producer } from 'kafkajs';
import type { Alert, KafkaConfig } from '../contract';
import { toKafkaJsConfig } from '../ingest/kafka-client-config';
import { kafkaJsLogCreator, secretsOf, stderrSourceLogger, type SourceLogger } from '../ingest/kafka-log';
import type { Evidence } from './evidence';
import { EvidenceTracker } from './evidence-tracker';
import { clusterGroups, clusterTopics } from './topics';

export class EvidencePublisher {
  readonly counters = { transactions: 0, evidence: 0, aborted: 0, dropped: 0 };
  private readonly producer: Producer;
  private readonly topic: string;
  private readonly groupId: string;
  private readonly tracker = new EvidenceTracker();
  private pending: Evidence[] = [];

  constructor(options: {
    kafka: KafkaConfig;
    cluster: string;
    analyzerId: string;
    logger?: SourceLogger;
    /** The broker aborts a dead analyzer's open transaction after this long (readers of the evidence wait for it). */
    transactionTimeoutMs?: number;
  }) {
    const logger = options.logger ?? stderrSourceLogger;
    const kafka = new Kafka(
      toKafkaJsConfig(options.kafka, kafkaJsLogCreator(logger, secretsOf(options.kafka))),
    );
    this.producer = kafka.producer({
      transactionalId: `vigil.${options.cluster}.analyzer.${options.analyzerId}`,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: options.transactionTimeoutMs ?? 10_000,
      // The Java-compatible partitioner: an alert's evidence and its actions share a partition number.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.topic = clusterTopics(options.cluster).evidence;
    this.groupId = clusterGroups(options.cluster).logs;
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
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

  /** The source's commit of the batch in hand (KafkaSourceOptions.commitBatch). */
  commit = async (topic: string, partition: number, nextOffset: string): Promise<void> => {
    const evidence = this.pending;
    this.pending = [];
    const txn = await this.producer.transaction();
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
      this.counters.aborted++;
      await txn.abort().catch(() => undefined);
      throw error; // the source does not resolve the batch: it is fetched and analyzed again
    }
    this.counters.transactions++;
    this.counters.evidence += evidence.length;
  };
}
