/**
 * A console's view of its cluster's alerts (docs/scaling.md): reads the compacted alerts topic from
 * the beginning (materialize), then follows it live. Read-committed, so an aborted transaction of a
 * crashed analyzer never shows. Its consumer group is its own (each console sees every partition)
 * and commits nothing: every start materializes afresh.
 */
import { randomBytes } from 'node:crypto';
import { Kafka, type Consumer } from 'kafkajs';
import type { KafkaConfig } from '../contract';
import { toKafkaJsConfig } from '../ingest/kafka-client-config';
import { kafkaJsLogCreator, secretsOf, stderrSourceLogger, type SourceLogger } from '../ingest/kafka-log';
import { decodeRecord } from './evidence';
import { AlertState } from './fold';
import { RESTORE_KEY } from './restore';
import { clusterTopics } from './topics';
import { ConsumerTrouble } from './consumer-trouble';

export interface AlertViewOptions {
  kafka: KafkaConfig;
  cluster: string;
  logger?: SourceLogger;
  /** At most this many alerts are kept (the least recently updated go first); bounded memory. */
  maxAlerts?: number;
  onChange?: (states: readonly AlertState[]) => void;
}

export class AlertView {
  badRecords = 0;
  private readonly kafka: Kafka;
  private readonly topic: string;
  private readonly byFingerprint = new Map<string, AlertState>();
  private consumer: Consumer | null = null;
  /** Why the view is not following its topic now (a consumer crash), or null. */
  private readonly trouble = new ConsumerTrouble();
  /** Issue 19 (incidents): partition → the high watermark at start, until the view has read up to it. */
  private readonly backlog = new Map<number, number>();
  private caughtUpListeners: Array<() => void> = [];

  constructor(private readonly options: AlertViewOptions) {
    const logger = options.logger ?? stderrSourceLogger;
    this.kafka = new Kafka(
      toKafkaJsConfig(options.kafka, kafkaJsLogCreator(logger, secretsOf(options.kafka))),
    );
    this.topic = clusterTopics(options.cluster).alerts;
  }

  async start(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: `vigil.${this.options.cluster}.console.${randomBytes(6).toString('hex')}`,
      readUncommitted: false,
    });
    this.consumer = consumer;
    this.trouble.watch(consumer, `reading ${this.topic}`);
    await consumer.connect();
    await this.measureBacklog();
    if (this.backlog.size === 0) this.tellCaughtUp();
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const target = this.backlog.get(payload.partition);
      if (payload.topic !== this.topic || target === undefined || Number(payload.lastOffset) + 1 < target)
        return;
      this.backlog.delete(payload.partition);
      if (this.backlog.size === 0) this.tellCaughtUp();
    });
    await consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const changed: AlertState[] = [];
        for (const message of batch.messages) {
          const key = message.key?.toString('utf8') ?? '';
          if (key === RESTORE_KEY) continue;
          if (message.value === null) {
            this.byFingerprint.delete(key);
            continue;
          }
          const decoded = decodeRecord(AlertState, message.value);
          if (!decoded.ok) {
            this.badRecords++;
            continue;
          }
          this.byFingerprint.delete(decoded.value.alert.fingerprint); // re-insert: newest last
          this.byFingerprint.set(decoded.value.alert.fingerprint, decoded.value);
          changed.push(decoded.value);
        }
        this.evict();
        if (changed.length > 0) this.options.onChange?.(changed);
        await Promise.resolve();
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = null;
  }

  /** Why the view is not following the alerts topic now (null: it is). */
  problem(): string | null {
    return this.trouble.problem();
  }

  /** Whether the records on the topic at start (the backlog materialized) have all been read. */
  caughtUp(): boolean {
    return this.backlog.size === 0;
  }

  /**
   * Calls `listener` once the backlog has been read (at once if it has), synchronously after the
   * batch that completes it and before the next one is handed over.
   */
  whenCaughtUp(listener: () => void): void {
    if (this.consumer !== null && this.caughtUp()) listener();
    else this.caughtUpListeners.push(listener);
  }

  private tellCaughtUp(): void {
    const listeners = this.caughtUpListeners;
    this.caughtUpListeners = [];
    for (const listener of listeners) listener();
  }

  /**
   * The high watermark of every partition holding records at start (transaction markers included).
   * A topic created a moment ago may not have its leaders yet: retried for up to ~6 s, then the view
   * starts without a backlog mark (logged: the backlog may then notify as if it were news).
   */
  private async measureBacklog(): Promise<void> {
    this.backlog.clear();
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          for (const p of await admin.fetchTopicOffsets(this.topic))
            if (Number(p.high) > Number(p.low)) this.backlog.set(p.partition, Number(p.high));
          return;
        } catch (error) {
          this.backlog.clear();
          if (attempt >= 12) {
            (this.options.logger ?? stderrSourceLogger)(
              'warn',
              `could not read the end offsets of ${this.topic} (${(error as Error).message}): its backlog is not told apart from news`,
            );
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    } finally {
      await admin.disconnect();
    }
  }

  get(fingerprint: string): AlertState | undefined {
    return this.byFingerprint.get(fingerprint);
  }

  all(): AlertState[] {
    return [...this.byFingerprint.values()];
  }

  private evict(): void {
    const max = this.options.maxAlerts ?? 10_000;
    for (const key of this.byFingerprint.keys()) {
      if (this.byFingerprint.size <= max) break;
      this.byFingerprint.delete(key);
    }
  }
}
