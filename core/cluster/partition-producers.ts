/**
 * Zombie fencing per log partition (docs/scaling.md, "Exactness when partitions move"): kafkajs has
 * no KIP-447, so the evidence of a log partition's batches is committed by a transactional producer
 * whose id is derived from the PARTITION, not from the member (Kafka Streams' pre-KIP-447 "EOS
 * alpha"): whichever member owns the partition uses `vigil.<cluster>.logs.<topic>.<partition>`.
 * Claiming it (InitProducerId, at kafkajs' first transaction()) bumps the epoch, which fences the previous owner's producer (its
 * commit fails) and aborts or completes that owner's open transaction. After that claim nobody else
 * can commit the partition's offsets, so the committed offset read then is where this owner's next
 * commit must start: a batch fetched from before it is refused and the consumer seeks there.
 *
 * Bounded: one producer per partition this member owns; the others are released on group join.
 */
import type { Admin, Kafka, Producer } from 'kafkajs';
import { Partitioners } from 'kafkajs';

/**
 * The partition's transactional id. Unambiguous: a cluster name has no dot (contract ClusterName)
 * and the partition is the last segment; topic names are [A-Za-z0-9._-]{1,249}, cluster names at
 * most 100 characters, and transactional ids are free strings, so no hashing is needed.
 */
export function partitionTransactionalId(cluster: string, topic: string, partition: number): string {
  return `vigil.${cluster}.logs.${topic}.${partition}`;
}

const FENCED = new Set(['INVALID_PRODUCER_EPOCH', 'PRODUCER_FENCED']);
const FENCED_CODES = new Set([47, 90]);

/** Whether an error (or one it wraps, as kafkajs does) says a newer producer with this id fenced ours. */
export function isFencedError(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const e = error as { type?: unknown; code?: unknown; originalError?: unknown; cause?: unknown };
  if (typeof e.type === 'string' && FENCED.has(e.type)) return true;
  if (typeof e.code === 'number' && FENCED_CODES.has(e.code)) return true;
  return isFencedError(e.originalError, depth + 1) || isFencedError(e.cause, depth + 1);
}

interface Owned {
  producer: Producer;
  /** The partition's committed offset as this owner last knew it: where its next batch must start. */
  expected: string | null;
}

export type Acquired = { producer: Producer } | { seekTo: string };

export class PartitionProducers {
  private readonly owned = new Map<string, Owned>();

  constructor(
    private readonly options: {
      kafka: Kafka;
      admin: Admin;
      cluster: string;
      groupId: string;
      transactionTimeoutMs: number;
    },
  ) {}

  get size(): number {
    return this.owned.size;
  }

  /**
   * The producer to commit a batch of the partition fetched from `fetchedOffset` with, claiming the
   * partition first if this member has no producer for it; or the offset to fetch from instead.
   */
  async acquire(topic: string, partition: number, fetchedOffset: string): Promise<Acquired> {
    const key = `${topic}\u0000${partition}`;
    let entry = this.owned.get(key);
    if (entry === undefined) {
      entry = await this.claim(topic, partition);
      this.owned.set(key, entry);
    }
    // Behind the commits: those logs were counted by another owner. Ahead (an out-of-range reset
    // after retention deleted them): nothing committed overlaps, so the batch is taken.
    if (entry.expected !== null && BigInt(fetchedOffset) < BigInt(entry.expected))
      return { seekTo: entry.expected };
    return { producer: entry.producer };
  }

  /** The partition's batch committed: its next batch starts at `nextOffset`. */
  committed(topic: string, partition: number, producer: Producer, nextOffset: string): void {
    const entry = this.owned.get(`${topic}\u0000${partition}`);
    if (entry?.producer === producer) entry.expected = nextOffset;
  }

  /** Whether this producer is still the partition's (not released or dropped meanwhile). */
  holds(topic: string, partition: number, producer: Producer): boolean {
    return this.owned.get(`${topic}\u0000${partition}`)?.producer === producer;
  }

  /**
   * A transaction of this producer failed without being fenced: whether the broker committed it is
   * unknown (an error or timeout on EndTxn can come after the broker wrote the commit). The producer
   * is dropped, so the partition's next batch claims it again: the new InitProducerId waits for that
   * transaction to end, and the committed offset read then says whether the batch counted, so a
   * batch delivered again after a commit that did succeed is refused (`seekTo`), not counted twice.
   */
  async unsure(topic: string, partition: number, producer: Producer): Promise<void> {
    await this.drop(topic, partition, producer);
  }

  /** Drops the partition's producer (fenced: it can never commit again). */
  async drop(topic: string, partition: number, producer: Producer): Promise<void> {
    const key = `${topic}\u0000${partition}`;
    if (this.owned.get(key)?.producer === producer) this.owned.delete(key);
    await producer.disconnect().catch(() => undefined);
  }

  /** Group join: releases the producers of partitions this member no longer owns. */
  async keepOnly(assigned: ReadonlyArray<{ topic: string; partition: number }>): Promise<void> {
    const keep = new Set(assigned.map((a) => `${a.topic}\u0000${a.partition}`));
    const gone = [...this.owned].filter(([key]) => !keep.has(key));
    for (const [key] of gone) this.owned.delete(key);
    await Promise.all(gone.map(([, e]) => e.producer.disconnect().catch(() => undefined)));
  }

  async disconnectAll(): Promise<void> {
    await this.keepOnly([]);
  }

  private async claim(topic: string, partition: number): Promise<Owned> {
    const producer = this.options.kafka.producer({
      transactionalId: partitionTransactionalId(this.options.cluster, topic, partition),
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: this.options.transactionTimeoutMs,
      // The Java-compatible partitioner: an alert's evidence and its actions share a partition number.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    try {
      await producer.connect();
      // kafkajs sends the transactional InitProducerId at the first transaction(), not at connect():
      // that fences the previous owner and ends its open transaction. Nothing was added: a local abort.
      await (await producer.transaction()).abort();
      const [offsets] = await this.options.admin.fetchOffsets({
        groupId: this.options.groupId,
        topics: [topic],
      });
      const committed = offsets?.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
      return { producer, expected: committed === '-1' ? null : committed };
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
  }
}
