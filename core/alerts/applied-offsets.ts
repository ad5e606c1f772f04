/**
 * Issue 19 (standalone `workers: N`, docs/scaling.md): per consumer group and log partition, the offset after the last
 * batch whose alerts the store holds, in memory (history-offsets.ts keeps it on disk with the state).
 * The main engine checks each batch against it before counting it: a batch at or below it is
 * applied already. Bounded by the partitions consumed.
 */
import type { AppliedOffset } from './history-offsets';

const keyOf = (group: string, topic: string, partition: number): string =>
  `${group}\u0000${topic}\u0000${partition}`;

export class AppliedOffsets {
  private readonly next = new Map<string, bigint>();

  get size(): number {
    return this.next.size;
  }

  /** The offset after the group's last applied batch of the partition, or null when none was applied. */
  get(group: string, topic: string, partition: number): bigint | null {
    return this.next.get(keyOf(group, topic, partition)) ?? null;
  }

  /** Moves the partition's offset forward (never back: an older batch applied late changes nothing). */
  advance([group, topic, partition, offset]: AppliedOffset): void {
    const key = keyOf(group, topic, partition);
    const value = BigInt(offset);
    const known = this.next.get(key);
    if (known === undefined || value > known) this.next.set(key, value);
  }

  load(entries: readonly AppliedOffset[]): void {
    this.next.clear();
    for (const entry of entries) this.advance(entry);
  }
}
