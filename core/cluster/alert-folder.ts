/**
 * The fold member of an analyzer (docs/scaling.md). All analyzers of a cluster form the consumer
 * group `vigil.<cluster>.fold` over the evidence and actions topics (co-partitioned: one member owns
 * every record of an alert). For each batch the owner folds the records into the alerts' state and,
 * in ONE Kafka transaction, writes the changed states to the compacted alerts topic and commits the
 * batch's offsets: a crash before the commit leaves neither, so evidence is never lost or counted
 * twice. After every rebalance the owner restores its partitions' states from the alerts topic.
 */
import { randomBytes } from 'node:crypto';
import { Kafka, Partitioners, type Consumer, type EachBatchPayload, type Producer } from 'kafkajs';
import type { KafkaConfig } from '../contract';
import { toKafkaJsConfig } from '../ingest/kafka-client-config';
import { kafkaJsLogCreator, secretsOf, stderrSourceLogger, type SourceLogger } from '../ingest/kafka-log';
import { coPartitionAssigner } from './co-partition-assigner';
import { ensureClusterTopics } from './ensure-topics';
import { ClusterAction, decodeRecord, Evidence } from './evidence';
import { applyAction, foldEvidence, type AlertState } from './fold';
import { RESTORE_KEY, restoreAlertStates } from './restore';
import { clusterGroups, clusterTopics } from './topics';
import { ConsumerTrouble } from './consumer-trouble';

export interface AlertFolderOptions {
  kafka: KafkaConfig;
  cluster: string;
  /** Stable per analyzer: it names the transactional id, so a restarted analyzer fences its old self. */
  memberId: string;
  /** Partitions of the keyed topics when this member creates them. */
  partitions?: number;
  sessionTimeoutMs?: number;
  /** The broker aborts a dead owner's open transaction after this long; a new owner waits for it. */
  transactionTimeoutMs?: number;
  restoreTimeoutMs?: number;
  logger?: SourceLogger;
  /** Called after each committed transaction with the states it wrote. */
  onStates?: (states: readonly AlertState[]) => void;
}

export interface FolderCounters {
  transactions: number;
  evidence: number;
  actions: number;
  refusedActions: number;
  badRecords: number;
  restores: number;
}

export class AlertFolder {
  readonly counters: FolderCounters = {
    transactions: 0,
    evidence: 0,
    actions: 0,
    refusedActions: 0,
    badRecords: 0,
    restores: 0,
  };
  private readonly kafka: Kafka;
  private readonly topics;
  private readonly groupId: string;
  private readonly logger: SourceLogger;
  private consumer: Consumer | null = null;
  private readonly trouble = new ConsumerTrouble();
  private producer: Producer | null = null;
  /** Owned partitions' states; null until restored after the latest rebalance. */
  private states: Map<number, Map<string, AlertState>> | null = null;
  private assigned: number[] = [];
  /** Issue 19 (fleet): the keyed topics' partition count, once checked at start. */
  private partitions: number | null = null;

  constructor(private readonly options: AlertFolderOptions) {
    this.logger = options.logger ?? stderrSourceLogger;
    const secrets = secretsOf(options.kafka);
    this.kafka = new Kafka(toKafkaJsConfig(options.kafka, kafkaJsLogCreator(this.logger, secrets)));
    this.topics = clusterTopics(options.cluster);
    this.groupId = clusterGroups(options.cluster).fold;
  }

  async start(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const topics = await ensureClusterTopics(admin, this.options.cluster, {
        partitions: this.options.partitions ?? 6,
      });
      this.partitions = topics.partitions;
    } finally {
      await admin.disconnect();
    }
    this.producer = this.kafka.producer({
      transactionalId: `vigil.${this.options.cluster}.fold.${this.options.memberId}`,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: this.options.transactionTimeoutMs ?? 10_000,
      // Every record names its partition; the Java-compatible partitioner is stated to keep kafkajs quiet.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await this.producer.connect();
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      readUncommitted: false,
      partitionAssigners: [coPartitionAssigner],
      sessionTimeout: this.options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: 1_000,
    });
    this.consumer = consumer;
    this.trouble.watch(consumer, `folding ${this.topics.evidence}`);
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      const byTopic = payload.memberAssignment as Record<string, number[] | undefined>;
      this.assigned = [
        ...new Set([...(byTopic[this.topics.evidence] ?? []), ...(byTopic[this.topics.actions] ?? [])]),
      ];
      this.states = null; // ownership may have moved: restore before folding again
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [this.topics.evidence, this.topics.actions], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (p) => this.foldBatch(p),
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
    this.consumer = null;
    this.producer = null;
  }

  /** The states of the alerts this member owns now. */
  ownedStates(): AlertState[] {
    return [...(this.states?.values() ?? [])].flatMap((m) => [...m.values()]);
  }

  /** Why this member is not folding now (null: it is); in the analyzer's health. */
  problem(): string | null {
    return this.trouble.problem();
  }

  ownedPartitions(): readonly number[] {
    return this.assigned;
  }

  /** The keyed topics' partition count (null before start): the fleet's fold coverage. */
  partitionCount(): number | null {
    return this.partitions;
  }

  private async restore(heartbeat: () => Promise<void>): Promise<Map<number, Map<string, AlertState>>> {
    const producer = this.producer!;
    const marker = `${this.options.memberId}-${randomBytes(8).toString('hex')}`;
    const partitions = [...this.assigned].sort((a, b) => a - b);
    const txn = await producer.transaction();
    try {
      await txn.send({
        topic: this.topics.alerts,
        messages: partitions.map((partition) => ({ key: RESTORE_KEY, value: marker, partition })),
      });
      await txn.commit();
    } catch (error) {
      await txn.abort().catch(() => undefined);
      throw error;
    }
    const beat = setInterval(() => void heartbeat().catch(() => undefined), 1_000);
    try {
      const states = await restoreAlertStates({
        kafka: this.kafka,
        topic: this.topics.alerts,
        partitions,
        marker,
        groupId: `vigil.${this.options.cluster}.restore.${marker}`,
        timeoutMs: this.options.restoreTimeoutMs ?? 120_000,
        onBadRecord: (reason) => this.badRecord(reason),
      });
      this.counters.restores++;
      this.logger('info', `fold member ${this.options.memberId} restored partitions ${partitions.join(',')}`);
      return states;
    } finally {
      clearInterval(beat);
    }
  }

  private badRecord(reason: string): void {
    this.counters.badRecords++;
    if (this.counters.badRecords <= 10 || this.counters.badRecords % 1000 === 0)
      this.logger('warn', `skipped a bad cluster record (${this.counters.badRecords} so far): ${reason}`);
  }

  private async foldBatch(payload: EachBatchPayload) {
    const { batch } = payload;
    if (batch.isEmpty() || !payload.isRunning() || payload.isStale()) return;
    this.states ??= await this.restore(() => payload.heartbeat());
    const p = batch.partition;
    const owned = this.states.get(p) ?? new Map<string, AlertState>();
    const changed = new Map<string, AlertState>();
    let evidence = 0;
    let actions = 0;
    let refused = 0;
    const isEvidence = batch.topic === this.topics.evidence;
    for (const message of batch.messages) {
      const where = `${batch.topic}/${p}@${message.offset}`;
      if (isEvidence) {
        const decoded = decodeRecord(Evidence, message.value);
        if (!decoded.ok) {
          this.badRecord(`${where}: ${decoded.reason}`);
          continue;
        }
        const fp = decoded.value.fingerprint;
        changed.set(fp, foldEvidence(changed.get(fp) ?? owned.get(fp) ?? null, decoded.value));
        evidence++;
      } else {
        const decoded = decodeRecord(ClusterAction, message.value);
        if (!decoded.ok) {
          this.badRecord(`${where}: ${decoded.reason}`);
          continue;
        }
        const fp = decoded.value.fingerprint;
        const state = changed.get(fp) ?? owned.get(fp);
        const outcome = state === undefined ? null : applyAction(state, decoded.value);
        if (outcome?.ok) {
          changed.set(fp, outcome.state);
          actions++;
        } else {
          refused++;
          this.logger(
            'warn',
            `refused ${decoded.value.action} by ${decoded.value.who} on ${fp}: ${outcome?.reason ?? 'no such alert'}`,
          );
        }
      }
    }
    const next = (BigInt(batch.lastOffset()) + 1n).toString();
    const txn = await this.producer!.transaction();
    try {
      if (changed.size > 0) {
        await txn.send({
          topic: this.topics.alerts,
          messages: [...changed].map(([fp, state]) => ({
            key: fp,
            value: JSON.stringify(state),
            partition: p,
          })),
        });
      }
      await txn.sendOffsets({
        consumerGroupId: this.groupId,
        topics: [{ topic: batch.topic, partitions: [{ partition: p, offset: next }] }],
      });
      await txn.commit();
    } catch (error) {
      await txn.abort().catch(() => undefined);
      throw error; // nothing applied in memory: kafkajs fetches the batch again
    }
    for (const [fp, state] of changed) owned.set(fp, state);
    this.states.set(p, owned);
    payload.resolveOffset(batch.lastOffset());
    this.counters.transactions++;
    this.counters.evidence += evidence;
    this.counters.actions += actions;
    this.counters.refusedActions += refused;
    if (changed.size > 0) this.options.onStates?.([...changed.values()]);
  }
}
