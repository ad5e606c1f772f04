/**
 * A cluster's fleet as analyzers and consoles see it (docs/scaling.md): reads the stats topic in a
 * throwaway consumer group of its own (it commits nothing), starting a short while back (offsets for
 * the time `now − lookBackMs`, two minutes by default) so that analyzers that fell silent lately are
 * shown gone rather than never seen, then follows it live. A record written before the view started
 * counts as heard when it was sent, a live one when it is received (fleet-state.ts). The latest
 * record per analyzer is kept in `FleetState` (bounded); `status()` is the `fleet:status` answer.
 */
import { randomBytes } from 'node:crypto';
import { Kafka, type Consumer } from 'kafkajs';
import { AnalyzerStats, type FleetStatus, type KafkaConfig } from '../contract';
import { toKafkaJsConfig } from '../ingest/kafka-client-config';
import { kafkaJsLogCreator, secretsOf, stderrSourceLogger, type SourceLogger } from '../ingest/kafka-log';
import { decodeRecord } from './evidence';
import { FleetState, type FleetStateOptions } from './fleet-state';
import { ensureStatsTopic } from './stats-topic';

export interface FleetViewOptions {
  kafka: KafkaConfig;
  cluster: string;
  /** Who reads: shown in the status (`analyzer` or `console`). */
  role: 'analyzer' | 'console';
  lookBackMs?: number;
  state?: Partial<FleetStateOptions>;
  now?: () => number;
  logger?: SourceLogger;
}

export class FleetView {
  badRecords = 0;
  private readonly kafka: Kafka;
  private readonly state: FleetState;
  private readonly now: () => number;
  private readonly logger: SourceLogger;
  private topic = '';
  private since: number;
  private consumer: Consumer | null = null;
  /** Per partition of the stats topic, the end offset when this reader started. */
  private readonly liveFrom = new Map<number, bigint>();

  constructor(private readonly options: FleetViewOptions) {
    this.logger = options.logger ?? stderrSourceLogger;
    this.now = options.now ?? Date.now;
    this.since = this.now();
    this.kafka = new Kafka(
      toKafkaJsConfig(options.kafka, kafkaJsLogCreator(this.logger, secretsOf(options.kafka))),
    );
    this.state = new FleetState(options.state);
  }

  async start(): Promise<void> {
    this.since = this.now();
    const from = this.since - (this.options.lookBackMs ?? 120_000);
    const admin = this.kafka.admin();
    await admin.connect();
    let seeks: Array<{ partition: number; offset: string }>;
    try {
      this.topic = await ensureStatsTopic(admin, this.options.cluster);
      // Offset -1: nothing written since then; the live position (latest) is right.
      seeks = (await admin.fetchTopicOffsetsByTimestamp(this.topic, from)).filter((s) => s.offset !== '-1');
      // Records below these offsets were written before this reader started: the backlog.
      for (const end of await admin.fetchTopicOffsets(this.topic))
        this.liveFrom.set(end.partition, BigInt(end.high));
    } finally {
      await admin.disconnect();
    }
    const consumer = this.kafka.consumer({
      groupId: `vigil.${this.options.cluster}.console.fleet.${randomBytes(6).toString('hex')}`,
      // Stats are plain (not transactional) records: nothing to wait for.
      readUncommitted: true,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: this.topic, fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const at = this.now();
        const liveFrom = this.liveFrom.get(batch.partition) ?? 0n;
        for (const message of batch.messages) {
          if (message.value === null) continue; // a tombstone: nothing to show
          const decoded = decodeRecord(AnalyzerStats, message.value);
          if (decoded.ok) this.state.observe(decoded.value, at, BigInt(message.offset) < liveFrom);
          else this.bad(decoded.reason);
        }
        await Promise.resolve();
      },
    });
    // kafkajs applies a seek made right after run() before the first fetch.
    for (const s of seeks) consumer.seek({ topic: this.topic, partition: s.partition, offset: s.offset });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = null;
  }

  status(): FleetStatus {
    const snapshot = this.state.snapshot(this.now());
    return {
      role: this.options.role,
      cluster: this.options.cluster,
      topic: this.topic,
      since: this.since,
      analyzers: snapshot.analyzers,
      totals: snapshot.totals,
      notes: snapshot.notes,
      badRecords: this.badRecords,
      evicted: snapshot.evicted,
    };
  }

  /** Counted; logged the first 10 times, then every 1000th. */
  private bad(reason: string): void {
    this.badRecords++;
    if (this.badRecords <= 10 || this.badRecords % 1000 === 0)
      this.logger('warn', `skipped a stats record that does not validate (${this.badRecords}): ${reason}`);
  }
}
