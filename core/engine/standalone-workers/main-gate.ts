/**
 * The main engine's side of standalone `workers: N` for its OWN batches (issue 19, docs/scaling.md
 * "Standalone on every core"). The main engine's thread is worker 1 and keeps feeding its alert store
 * directly, but through the same ledger as the other threads' evidence: logs below a partition's
 * applied offset are skipped (another thread's evidence counted them: a partition that moved after
 * a thread crashed between the journal and its commit), and the batch's offsets are journaled with
 * its alerts. A gate per partition serializes the main engine's batches and the threads' evidence of
 * the same partition, so a check against the ledger and the counting it allows never interleave with
 * another of that partition (other partitions' steps run side by side).
 */
import type { AppliedOffsets } from '../../alerts/applied-offsets';
import type { AppliedOffset } from '../../alerts/history-offsets';
import type { RawMessage } from '../../ingest/source';

/**
 * Serializes steps per log partition: a step waits for the earlier steps of any partition it names,
 * never for other partitions' (the main engine's batch of one partition and a thread's evidence for
 * another run side by side). Bounded: a partition is forgotten once its last step settled.
 */
export class Gate {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(keys: readonly string[], step: () => Promise<T>): Promise<T> {
    const before = keys.map((k) => this.tails.get(k)).filter((t) => t !== undefined);
    const next = before.length === 0 ? step() : Promise.all(before).then(step);
    const settled = next.catch(() => undefined);
    for (const k of keys) this.tails.set(k, settled);
    void settled.then(() => {
      for (const k of keys) if (this.tails.get(k) === settled) this.tails.delete(k);
    });
    return next;
  }

  /** Partitions with a step pending (for tests). */
  get size(): number {
    return this.tails.size;
  }
}

/** The key of a log partition in the gate. */
export const partitionKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

/** The partitions of a batch (a Kafka batch is one partition's: one comparison per message). */
export function partitionsOf(batch: readonly RawMessage[]): string[] {
  const keys: string[] = [];
  let topic: string | null = null;
  let partition = -1;
  for (const m of batch) {
    if (m.topic === topic && m.partition === partition) continue;
    topic = m.topic;
    partition = m.partition;
    const key = partitionKey(topic, partition);
    if (!keys.includes(key)) keys.push(key);
  }
  return keys;
}

/**
 * The messages not yet applied, and the offsets the kept ones bring each partition to. A Kafka batch
 * is one partition's; the split works for any mix. Cheap: one comparison per batch when the ledger
 * does not know the partition or the batch starts at or past it.
 */
export function unapplied(
  applied: AppliedOffsets,
  group: string,
  batch: readonly RawMessage[],
): { kept: readonly RawMessage[]; offsets: AppliedOffset[] } {
  const ends = new Map<string, AppliedOffset>();
  const end = (last: RawMessage | null): void => {
    if (last === null) return;
    const next = BigInt(last.offset) + 1n;
    const k = `${last.topic}\u0000${last.partition}`;
    const known = ends.get(k);
    if (known === undefined || next > BigInt(known[3]))
      ends.set(k, [group, last.topic, last.partition, next.toString()]);
  };
  let kept: RawMessage[] | null = null; // null while every message so far is kept
  let run: { topic: string; partition: number; from: bigint | null; whole: boolean } | null = null;
  let last: RawMessage | null = null;
  for (let i = 0; i < batch.length; i++) {
    const message = batch[i]!;
    if (run === null || message.topic !== run.topic || message.partition !== run.partition) {
      end(last);
      last = null;
      const from = applied.get(group, message.topic, message.partition);
      run = { topic: message.topic, partition: message.partition, from, whole: from === null };
      run.whole ||= BigInt(message.offset) >= from!;
    }
    if (!run.whole && BigInt(message.offset) < run.from!) {
      kept ??= batch.slice(0, i);
      continue;
    }
    kept?.push(message);
    last = message;
  }
  end(last);
  return { kept: kept ?? batch, offsets: [...ends.values()] };
}
