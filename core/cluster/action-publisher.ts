/**
 * A console's way to act on a cluster's alert: the action goes to the actions topic keyed by the
 * alert's fingerprint (so the analyzer owning that alert applies it, in order), with who and when.
 * Who is decided on the engine's side of the boundary, never taken from a window.
 */
import { Kafka, Partitioners, type Producer } from 'kafkajs';
import type { KafkaConfig } from '../contract';
import { toKafkaJsConfig } from '../ingest/kafka-client-config';
import { kafkaJsLogCreator, secretsOf, stderrSourceLogger, type SourceLogger } from '../ingest/kafka-log';
import { ClusterAction } from './evidence';
import { clusterTopics } from './topics';

export class ActionPublisher {
  private readonly producer: Producer;
  private readonly topic: string;
  private connected = false;

  constructor(options: { kafka: KafkaConfig; cluster: string; logger?: SourceLogger }) {
    const logger = options.logger ?? stderrSourceLogger;
    const kafka = new Kafka(
      toKafkaJsConfig(options.kafka, kafkaJsLogCreator(logger, secretsOf(options.kafka))),
    );
    // The Java-compatible partitioner: the analyzers' evidence uses it too, so an alert's actions and
    // evidence land in the same partition number.
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.topic = clusterTopics(options.cluster).actions;
  }

  /** Connects ahead of the first action (else the first action connects), so that it goes out at once. */
  async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  async publish(action: ClusterAction): Promise<void> {
    const checked = ClusterAction.parse(action);
    await this.connect();
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: [{ key: checked.fingerprint, value: JSON.stringify(checked) }],
    });
  }

  async close(): Promise<void> {
    if (this.connected) await this.producer.disconnect();
    this.connected = false;
  }
}
