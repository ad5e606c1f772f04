/**
 * Each analyzer's stats on its cluster's stats topic (docs/scaling.md): every `intervalMs` (2 s by
 * default) one `AnalyzerStats` record, keyed by the analyzer id, built from the snapshot function the
 * role wiring hands over (the engine's status and the partitions it owns). Bounded: the next record
 * is scheduled only once the previous send has finished, so a slow broker never queues records. A
 * clean stop sends a last record marked `leaving`, so readers show the analyzer gone at once.
 */
import { hostname } from 'node:os';
import { Kafka, Partitioners, type Producer } from 'kafkajs';
import { AnalyzerStats, type KafkaConfig } from '../contract';
import { toKafkaJsConfig } from '../ingest/kafka-client-config';
import {
  kafkaJsLogCreator,
  redactSecrets,
  secretsOf,
  stderrSourceLogger,
  type SourceLogger,
} from '../ingest/kafka-log';
import { analyzerStatsFrom, type AnalyzerIdentity, type StatsSnapshot } from './stats-snapshot';
import { ensureStatsTopic } from './stats-topic';

export interface StatsPublisherOptions {
  /** The log consumer's configuration: the same brokers, SASL and TLS. */
  kafka: KafkaConfig;
  cluster: string;
  analyzerId: string;
  snapshot: () => StatsSnapshot;
  intervalMs?: number;
  now?: () => number;
  logger?: SourceLogger;
  /** Identity overrides (tests); the OS host name and this process's pid otherwise. */
  host?: string;
  pid?: number;
}

export interface StatsPublisherCounters {
  sent: number;
  failed: number;
}

export class StatsPublisher {
  readonly counters: StatsPublisherCounters = { sent: 0, failed: 0 };
  private readonly kafka: Kafka;
  private readonly identity: AnalyzerIdentity;
  private readonly logger: SourceLogger;
  private readonly now: () => number;
  private producer: Producer | null = null;
  private topic = '';
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly options: StatsPublisherOptions) {
    this.logger = options.logger ?? stderrSourceLogger;
    this.now = options.now ?? Date.now;
    this.kafka = new Kafka(
      toKafkaJsConfig(options.kafka, kafkaJsLogCreator(this.logger, secretsOf(options.kafka))),
    );
    this.identity = {
      analyzerId: options.analyzerId,
      host: options.host ?? hostname(),
      pid: options.pid ?? process.pid,
    };
  }

  /** Creates the stats topic if missing, connects, and sends the first record at once. */
  async start(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      this.topic = await ensureStatsTopic(admin, this.options.cluster);
    } finally {
      await admin.disconnect();
    }
    const producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    this.producer = producer;
    this.tick();
  }

  /** Stops the schedule, then sends the `leaving` record (best effort) and disconnects. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.inFlight;
    if (this.producer === null) return;
    await this.send(true);
    await this.producer.disconnect().catch(() => undefined);
    this.producer = null;
  }

  private tick(): void {
    if (this.stopped) return;
    this.inFlight = this.send(false).finally(() => {
      this.inFlight = null;
      if (!this.stopped) {
        this.timer = setTimeout(() => this.tick(), this.options.intervalMs ?? 2000);
        this.timer.unref();
      }
    });
  }

  private async send(leaving: boolean): Promise<void> {
    let record: AnalyzerStats;
    try {
      record = AnalyzerStats.parse(
        analyzerStatsFrom(this.identity, this.options.snapshot(), this.now(), leaving),
      );
    } catch (error) {
      this.fail(`stats snapshot failed: ${(error as Error).message}`);
      return;
    }
    try {
      await this.producer!.send({
        topic: this.topic,
        messages: [{ key: this.identity.analyzerId, value: JSON.stringify(record) }],
      });
      this.counters.sent++;
    } catch (error) {
      this.fail(`could not send stats to ${this.topic}: ${(error as Error).message}`);
    }
  }

  /** Counted; logged the first 10 times, then every 100th (a broker outage lasts many intervals). */
  private fail(message: string): void {
    this.counters.failed++;
    const n = this.counters.failed;
    // Secrets never reach a log line, even inside a client error's text.
    const safe = redactSecrets(message, secretsOf(this.options.kafka));
    if (n <= 10 || n % 100 === 0) this.logger('warn', `${safe} (failure ${n})`);
  }
}
