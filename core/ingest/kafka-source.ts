/**
 * The Kafka log source: a kafkajs consumer group member that hands each fetched batch to the
 * engine and commits the batch's offsets only once the engine's handler has resolved (analysis
 * done, alerts recorded): at-least-once delivery.
 *
 * - Backpressure: `eachBatch` awaits the handler, so nothing is fetched beyond the batch in hand.
 *   `pause()`/`resume()` additionally stop fetching while the engine's own queue is full, and the
 *   consumer heartbeats while a long batch is being handled so the group does not evict it.
 * - Failure: a handler that throws gets nothing committed; kafkajs retries the batch (it is fetched
 *   again from the last committed offset) and restarts the consumer if the retries run out.
 *   Lost brokers are retried the same way; the status says `reconnecting` and why. Errors that
 *   retrying cannot fix (bad credentials, missing ACLs, untrusted certificate) end in `failed`.
 * - Lag: per partition, from each batch's high watermark and a periodic admin poll.
 * - Pattern subscriptions re-list topics periodically and resubscribe when new ones match.
 *
 * What is consumed lives in kafka-topics.ts, the periodic lag and topic poll in kafka-admin-poll.ts,
 * the reported state and who may change it in kafka-source-condition.ts, restart delays in
 * kafka-restart-backoff.ts, tuning in kafka-source-options.ts; this file is the consumer's lifecycle
 * around them.
 */
import { Kafka, type Admin, type Consumer, type EachBatchPayload, type IMemberAssignment } from 'kafkajs';
import type { KafkaConfig, TopicPartition } from '../contract';
import {
  DEFAULT_CLIENT_TUNING,
  insecureSaslWarning,
  toKafkaJsConfig,
  type ClientTuning,
} from './kafka-client-config';
import { BatchHandlerError, describeKafkaError, isPermanentKafkaError } from './kafka-errors';
import { LagTracker } from './kafka-lag';
import { kafkaJsLogCreator, secretsOf, stderrSourceLogger, type SourceLogger } from './kafka-log';
import { toRawMessages } from './kafka-message';
import { RestartBackoff } from './kafka-restart-backoff';
import {
  ADMIN_RETRY,
  consumerCommit,
  decidedGroup,
  DEFAULT_CONSUMER_TUNING,
  type ConsumerTuning,
  type KafkaSourceCounters,
  type KafkaSourceOptions,
} from './kafka-source-options';
import { AdminPoll } from './kafka-admin-poll';
import { SourceCondition } from './kafka-source-condition';
import { TopicSubscription } from './kafka-topics';
import type { BatchHandler, LogSource, SourceStatus } from './source';

export type { ConsumerTuning, KafkaSourceCounters, KafkaSourceOptions };

export class KafkaLogSource implements LogSource {
  readonly kind = 'kafka' as const;

  private readonly secrets: string[];
  private readonly groupId: string;
  private readonly logger: SourceLogger;
  private readonly kafka: Kafka;
  private readonly clientTuning: ClientTuning;
  private readonly consumerTuning: ConsumerTuning;
  private readonly topicRefreshIntervalMs: number;
  private readonly restartBackoff: RestartBackoff;
  private readonly lag: LagTracker;
  private readonly counters: KafkaSourceCounters = {
    batches: 0,
    messages: 0,
    handlerFailures: 0,
    crashes: 0,
    restarts: 0,
    staleBatches: 0,
    fencedBatches: 0,
  };
  /** The partitions of the last group join, by topic, and the consumer generation it belongs to. */
  private owned: { generation: number; partitions: Map<string, Set<number>> } | null = null;

  /** State and reason, and who may change them (kafka-source-condition.ts). */
  private readonly condition = new SourceCondition();
  private used = false;
  private handler: BatchHandler | null = null;
  /** Set on start (an invalid pattern fails the start with a readable reason). */
  private subscription: TopicSubscription | null = null;
  private admin: Admin | null = null;
  private consumer: Consumer | null = null;
  /** Bumped for every consumer we create or drop, so events of a replaced consumer are ignored. */
  private generation = 0;
  private paused = false;
  private inFlightHeartbeat: (() => Promise<void>) | null = null;
  private readonly adminPoll: AdminPoll;
  private restartTimer: NodeJS.Timeout | null = null;
  /** Serializes consumer replacement and stop, which must never interleave. */
  private lifecycle: Promise<void> = Promise.resolve();
  private starting: Promise<void> | null = null;
  private stopRequested = false;
  private stopping: Promise<void> | null = null;
  /** Issue 19 (fleet): the partitions of the latest group join (empty after a crash or stop). */
  private assignment: TopicPartition[] = [];

  constructor(
    private readonly config: KafkaConfig,
    private readonly options: KafkaSourceOptions = {},
  ) {
    this.groupId = decidedGroup(config);
    this.secrets = secretsOf(config);
    this.logger = options.logger ?? stderrSourceLogger;
    this.clientTuning = { ...DEFAULT_CLIENT_TUNING, ...options.client };
    this.consumerTuning = { ...DEFAULT_CONSUMER_TUNING, ...options.consumer };
    this.topicRefreshIntervalMs = options.topicRefreshIntervalMs ?? 30_000;
    const backoff = options.restartBackoff ?? { initialMs: 1000, maxMs: 30_000 };
    this.restartBackoff = new RestartBackoff(backoff.initialMs, backoff.maxMs);
    this.lag = new LagTracker(config.fromBeginning ? 'earliest' : 'latest');
    this.kafka = new Kafka(
      toKafkaJsConfig(config, kafkaJsLogCreator(this.logger, this.secrets), this.clientTuning),
    );
    this.adminPoll = new AdminPoll({
      intervalMs: options.lagPollIntervalMs ?? 5000,
      groupId: this.groupId,
      secrets: this.secrets,
      lag: this.lag,
      condition: this.condition,
      logger: this.logger,
      clients: () =>
        this.admin && this.subscription && !this.stopRequested
          ? { admin: this.admin, subscription: this.subscription }
          : null,
      takeNewTopics: (why) => this.replaceConsumer(why),
    });
  }

  async start(handler: BatchHandler): Promise<void> {
    if (this.used || this.stopRequested) {
      throw new Error('a KafkaLogSource starts once, and not after stop(); create a new one to start again');
    }
    this.used = true;
    this.handler = handler;
    this.starting = this.connectAndSubscribe();
    await this.starting;
  }

  async stop(): Promise<void> {
    this.stopping ??= this.shutDown();
    await this.stopping;
    this.assignment = [];
  }

  status(): SourceStatus {
    return { state: this.condition.state, reason: this.condition.reason, lag: this.lag.snapshot() };
  }

  /** Issue 19 (fleet): the log partitions this consumer owns now, as the group last assigned them. */
  assigned(): TopicPartition[] {
    return this.assignment;
  }

  /** Counts since start, for the engine's diagnostics. */
  stats(): KafkaSourceCounters {
    return { ...this.counters };
  }

  /** Stops fetching (e.g. while the engine's queue is full). A batch being handled still completes. */
  pause(): void {
    this.paused = true;
    this.applyPause();
  }

  resume(): void {
    this.paused = false;
    try {
      this.consumer?.resume(this.topicList());
    } catch {
      // The consumer is not running yet (or any more); the next one starts unpaused.
    }
  }

  /**
   * Tells the group coordinator the in-flight batch is still being worked on. The source already
   * does this every heartbeat interval while a handler runs; the engine may call it more often.
   */
  async heartbeat(): Promise<void> {
    await this.inFlightHeartbeat?.().catch(() => undefined);
  }

  // --- start and stop --------------------------------------------------------------------------

  private async connectAndSubscribe(): Promise<void> {
    this.condition.set('connecting', null, null);
    const warning = insecureSaslWarning(this.config);
    if (warning) this.logger('warn', warning);
    try {
      this.subscription = new TopicSubscription(this.config, this.topicRefreshIntervalMs);
      // The admin client connects first: it is the reachability check, and the lag poll's client.
      this.admin = this.kafka.admin({ retry: ADMIN_RETRY });
      await this.admin.connect();
      await this.subscription.resolve(this.admin);
      await this.launchConsumer();
    } catch (error) {
      const reason = describeKafkaError(error, this.secrets);
      this.condition.set('failed', reason, null);
      await this.releaseClients();
      throw new Error(`Kafka source could not start: ${reason}`);
    }
    this.logger('info', `consuming ${this.subscriptionText()} as group ${this.groupId}`, {
      brokers: this.config.brokers.join(','),
    });
    this.adminPoll.start();
  }

  private async shutDown(): Promise<void> {
    this.stopRequested = true;
    this.adminPoll.stop();
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    await this.starting?.catch(() => undefined);
    // Queued behind any consumer replacement in progress; `disconnect` waits for the in-flight
    // batch, whose offsets processBatch commits before returning.
    const release = (): Promise<void> => this.releaseClients();
    this.lifecycle = this.lifecycle.then(release, release);
    await this.lifecycle;
    this.condition.set('stopped', null, null);
    this.logger('info', `stopped consuming ${this.subscriptionText()}`);
  }

  private async releaseClients(): Promise<void> {
    const consumer = this.consumer;
    const admin = this.admin;
    this.consumer = null;
    this.admin = null;
    this.generation++;
    if (consumer)
      await consumer.disconnect().catch((error: unknown) => this.logFailure('consumer disconnect', error));
    if (admin) await admin.disconnect().catch((error: unknown) => this.logFailure('admin disconnect', error));
  }

  // --- the consumer ----------------------------------------------------------------------------

  private async launchConsumer(): Promise<void> {
    const generation = ++this.generation;
    const subscription = this.subscription!;
    // A pattern that matches no topic yet has no consumer; the admin poll starts one once it does.
    if (subscription.waiting) {
      this.condition.set('connecting', subscription.waitingReason(), null);
      return;
    }
    const tuning = this.consumerTuning;
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: tuning.sessionTimeoutMs,
      heartbeatInterval: tuning.heartbeatIntervalMs,
      maxWaitTimeInMs: tuning.maxWaitTimeMs,
      maxBytesPerPartition: tuning.maxBytesPerPartition,
      maxBytes: tuning.maxBytes,
      retry: {
        ...this.clientTuning.retry,
        // kafkajs restarts a crashed consumer itself unless told otherwise: not when retrying is
        // pointless, nor once we are stopping.
        restartOnFailure: (error: Error) =>
          Promise.resolve(!this.stopRequested && !isPermanentKafkaError(error)),
      },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, (event) =>
      this.onCrash(generation, event.payload.error, event.payload.restart),
    );
    consumer.on(consumer.events.GROUP_JOIN, (event) =>
      this.onGroupJoin(generation, event.payload.memberAssignment),
    );
    try {
      await consumer.connect();
      await consumer.subscribe({
        topics: subscription.subscribeTo(),
        fromBeginning: this.config.fromBeginning,
      });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        // One batch at a time, in fetch order: the engine sees each partition in offset order.
        partitionsConsumedConcurrently: 1,
        eachBatch: (payload) => this.processBatch(generation, payload),
      });
    } catch (error) {
      if (this.consumer === consumer) this.consumer = null;
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
  }

  private async processBatch(generation: number, payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    // Not resolving leaves the offsets where they were: these messages are fetched again later.
    if (!payload.isRunning() || payload.isStale()) return;
    // Stopping: start no new batch (the next member of the group gets it), only finish the one in hand.
    if (this.stopRequested || generation !== this.generation || this.paused || this.handler === null) return;
    if (batch.messages.length === 0) return;
    if (!this.owns(generation, batch.topic, batch.partition)) {
      this.counters.staleBatches++; // fetched before a rebalance moved the partition: its new owner reads it
      return;
    }
    this.lag.observeWatermarks(batch.topic, batch.partition, batch.highWatermark);
    const messages = toRawMessages(batch.topic, batch.partition, batch.messages);
    const first = messages[0]!.offset;
    const last = messages[messages.length - 1]!.offset;

    const heartbeat = (): Promise<void> => payload.heartbeat();
    this.inFlightHeartbeat = heartbeat;
    const beat = setInterval(
      () => void heartbeat().catch(() => undefined),
      this.consumerTuning.heartbeatIntervalMs,
    );
    try {
      await this.handler(messages);
    } catch (error) {
      this.counters.handlerFailures++;
      const detail = describeKafkaError(error, this.secrets);
      const reason = `batch handler failed on ${batch.topic}[${batch.partition}] offsets ${first}..${last}: ${detail}; nothing committed, the batch will be delivered again`;
      this.condition.handlerFailed(reason);
      this.logger('error', reason);
      throw new BatchHandlerError(reason, { cause: error });
    } finally {
      clearInterval(beat);
      this.inFlightHeartbeat = null;
    }

    // Past the control records and aborted messages the batch may end with, as kafkajs does.
    const next = (BigInt(batch.lastOffset()) + 1n).toString();
    if (!this.owns(generation, batch.topic, batch.partition)) {
      // A rebalance moved the partition while the batch was analyzed: committing it now would let
      // its logs count here and again at the new owner (no KIP-447 fencing in kafkajs).
      this.counters.staleBatches++;
      this.options.onBatchDropped?.(batch.topic, batch.partition);
      return;
    }
    // kafkajs' Batch keeps the offset it was fetched from (the position), untyped.
    const fetched = (batch as unknown as { fetchedOffset?: string }).fetchedOffset ?? first;
    const own = consumerCommit(payload);
    const commit = this.options.commitBatch ?? own;
    const commitOwn = async (): Promise<void> =>
      void (await own(batch.topic, batch.partition, next, fetched));
    const refused = await commit(batch.topic, batch.partition, next, fetched, commitOwn);
    if (refused) {
      // Issue 19 (fencing): another member claimed the partition, or its commits start elsewhere.
      this.counters.fencedBatches++;
      if (refused.seekTo !== null && generation === this.generation) {
        try {
          this.consumer?.seek({ topic: batch.topic, partition: batch.partition, offset: refused.seekTo });
        } catch (error) {
          this.logFailure('seek after a refused commit', error); // unresolved: fetched again anyway
        }
      }
      return;
    }
    payload.resolveOffset(last);
    this.lag.observePosition(batch.topic, batch.partition, next);
    this.counters.batches++;
    this.counters.messages += messages.length;
    this.condition.batchDone();
  }

  /** Whether the partition is this member's since its last join (unknown before a join: yes). */
  private owns(generation: number, topic: string, partition: number): boolean {
    const a = this.owned;
    if (a === null || a.generation !== generation) return true;
    return a.partitions.get(topic)?.has(partition) ?? false;
  }

  private onGroupJoin(generation: number, assignment: IMemberAssignment): void {
    if (generation !== this.generation || this.stopRequested) return;
    this.assignment = Object.entries(assignment).flatMap(([topic, partitions]) =>
      (partitions ?? []).map((partition) => ({ topic, partition })),
    );
    this.owned = {
      generation,
      partitions: new Map(Object.entries(assignment).map(([topic, list]) => [topic, new Set(list)])),
    };
    this.options.onAssigned?.(this.assignment);
    this.restartBackoff.reset();
    this.condition.set('running', null, null);
    if (this.paused) this.applyPause();
    this.logger('info', `joined group ${this.groupId}`, { assignment: JSON.stringify(assignment) });
  }

  private onCrash(generation: number, error: Error, kafkajsRestarts: boolean): void {
    if (generation !== this.generation || this.stopRequested) return;
    this.assignment = [];
    this.counters.crashes++;
    // kafkajs wraps what failed in its own errors; a crash right after a handler failure is that failure.
    const handlerFailure = this.condition.handlerFailure();
    const handlerFailing = handlerFailure !== null;
    const reason = handlerFailure ?? describeKafkaError(error, this.secrets);
    if (isPermanentKafkaError(error)) {
      this.condition.set('failed', reason, 'consumer');
      this.logger('error', `consumer stopped for good: ${reason}`);
      return;
    }
    this.condition.set('reconnecting', reason, handlerFailing ? 'handler' : 'consumer');
    this.logger('warn', `consumer crashed: ${reason}`, {
      restartedBy: kafkajsRestarts ? 'kafkajs' : 'source',
    });
    if (!kafkajsRestarts) this.scheduleRestart();
  }

  private scheduleRestart(): void {
    if (this.restartTimer !== null || this.stopRequested) return;
    const delay = this.restartBackoff.next();
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      void this.replaceConsumer('restart after a crash');
    }, delay);
  }

  /** Drops the current consumer (after its in-flight batch is committed) and starts a fresh one. */
  private replaceConsumer(why: string): Promise<void> {
    const replace = async (): Promise<void> => {
      if (this.stopRequested) return;
      this.counters.restarts++;
      this.logger('info', `replacing the consumer: ${why}`);
      const old = this.consumer;
      this.consumer = null;
      this.generation++;
      if (old)
        await old.disconnect().catch((error: unknown) => this.logFailure('consumer disconnect', error));
      if (this.stopRequested) return;
      try {
        await this.launchConsumer();
      } catch (error) {
        const reason = describeKafkaError(error, this.secrets);
        if (isPermanentKafkaError(error)) {
          this.condition.set('failed', reason, 'consumer');
          return;
        }
        this.condition.set('reconnecting', reason, 'consumer');
        this.scheduleRestart();
      }
    };
    this.lifecycle = this.lifecycle.then(replace, replace);
    return this.lifecycle;
  }

  private applyPause(): void {
    try {
      this.consumer?.pause(this.topicList());
    } catch {
      // Not running yet: onGroupJoin pauses it once it is.
    }
  }

  // --- small helpers ---------------------------------------------------------------------------

  private subscriptionText(): string {
    return this.subscription?.describe() ?? `topics ${this.config.topics.join(', ')}`;
  }

  /** The consumed topics in the shape `pause` and `resume` take. */
  private topicList(): { topic: string }[] {
    return (this.subscription?.topics ?? []).map((topic) => ({ topic }));
  }

  private logFailure(what: string, error: unknown): void {
    this.logger('warn', `${what} failed: ${describeKafkaError(error, this.secrets)}`);
  }
}
