/**
 * The main engine's side of standalone `workers: N` for its OWN batches (issue 19, docs/scaling.md
 * "Standalone on every core"). The main engine's thread is worker 1 and keeps feeding its alert store
 * directly, but through the same ledger as the other threads' evidence: logs below a partition's
 * applied offset are skipped (another thread's evidence counted them: a partition that moved after
 * a thread crashed between the journal and its commit), and the batch's offsets are journaled with
 * its alerts. One gate serializes the main engine's batches and the threads' evidence, so a check
 * against the ledger and the counting it allows can never interleave with another.
 */
import type { AppliedOffsets } from '../../alerts/applied-offsets';
import type { AppliedOffset } from '../../alerts/history-offsets';
import type { RawMessage } from '../../ingest/source';

export class Gate {
  private chain: Promise<unknown> = Promise.resolve();

  run<T>(step: () => Promise<T>): Promise<T> {
    const next = this.chain.then(step, step);
    this.chain = next.catch(() => undefined);
    return next;
  }
}

/**
 * The messages not yet applied, and the offsets the kept ones bring each partition to. A Kafka batch
 * is one partition's; the split works for any mix. Cheap: one comparison per batch when the ledger
 * does not know the partition or the batch starts at or past it.
 */
export function unapplied(
  applied: AppliedOffsets,
  batch: readonly RawMessage[],
): { kept: RawMessage[]; offsets: AppliedOffset[] } {
  const ends = new Map<string, AppliedOffset>();
  const end = (last: RawMessage | null): void => {
    if (last === null) return;
    const next = BigInt(last.offset) + 1n;
    const k = `${last.topic}\u0000${last.partition}`;
    const known = ends.get(k);
    if (known === undefined || next > BigInt(known[2]))
      ends.set(k, [last.topic, last.partition, next.toString()]);
  };
  let kept: RawMessage[] | null = null; // null while every message so far is kept
  let run: { topic: string; partition: number; from: bigint | null; whole: boolean } | null = null;
  let last: RawMessage | null = null;
  for (let i = 0; i < batch.length; i++) {
    const message = batch[i]!;
    if (run === null || message.topic !== run.topic || message.partition !== run.partition) {
      end(last);
      last = null;
      const from = applied.get(message.topic, message.partition);
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
  return { kept: kept ?? batch.slice(), offsets: [...ends.values()] };
}
