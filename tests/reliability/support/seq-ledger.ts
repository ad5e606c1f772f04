/**
 * The ground truth of a scenario: which sequenced logs the producer got acknowledged, and which
 * the engine analyzed, how often, and at which Kafka position. From it come the figures that
 * matter: lost (acknowledged, never analyzed), redelivered (the same partition/offset analyzed
 * again) and producer duplicates (the same seq written twice by a retried send).
 */
export interface LedgerSummary {
  acknowledged: number;
  /** Acknowledged logs analyzed at least once. */
  analyzedAtLeastOnce: number;
  lost: number;
  /** Extra analyses of a Kafka position already analyzed (consumer-side duplicates). */
  redelivered: number;
  /** Extra copies of a seq at different offsets (a retried send that had in fact been written). */
  producerDuplicates: number;
  /** Analyzed logs whose send never got an acknowledgement (written, but the ack was lost). */
  analyzedUnacknowledged: number;
}

/**
 * Kafka offsets seen on one partition, as a bitmap (tests write from offset 0, so offsets are
 * small): a few hundred kilobytes for millions of messages, outside the JS heap, so that the
 * ledger does not distort the memory figures of the engine it watches.
 */
class OffsetSet {
  private bits = new Uint8Array(1024);
  /** Offsets too large for the bitmap (never expected here, kept correct anyway). */
  private readonly large = new Set<string>();

  /** Adds the offset; false when it was already there. */
  add(offset: string): boolean {
    const n = Number(offset);
    if (!Number.isSafeInteger(n) || n < 0 || n >= MAX_BITMAP_OFFSET) {
      if (this.large.has(offset)) return false;
      this.large.add(offset);
      return true;
    }
    const byte = n >>> 3;
    if (byte >= this.bits.length) {
      let size = this.bits.length;
      while (size <= byte) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.bits);
      this.bits = grown;
    }
    const mask = 1 << (n & 7);
    if ((this.bits[byte]! & mask) !== 0) return false;
    this.bits[byte] = this.bits[byte]! | mask;
    return true;
  }
}

const MAX_BITMAP_OFFSET = 2 ** 30;

export class SeqLedger {
  private readonly acked: Uint8Array;
  /** Analyses per seq (saturating). */
  private readonly analyses: Uint16Array;
  /** Kafka positions analyzed, per partition. */
  private readonly positions = new Map<number, OffsetSet>();
  private ackedCount = 0;
  private analyzedAckedCount = 0;
  private redeliveries = 0;
  private distinctPositions = 0;

  constructor(readonly capacity: number) {
    this.acked = new Uint8Array(capacity);
    this.analyses = new Uint16Array(capacity);
  }

  markAcknowledged(seqs: readonly number[]): void {
    for (const seq of seqs) {
      if (seq < 0 || seq >= this.capacity || this.acked[seq] === 1) continue;
      this.acked[seq] = 1;
      this.ackedCount++;
      if (this.analyses[seq]! > 0) this.analyzedAckedCount++;
    }
  }

  /** One analysis of the message at `partition`/`offset`; `seq` null for unsequenced traffic. */
  recordAnalyzed(partition: number, offset: string, seq: number | null): void {
    let seen = this.positions.get(partition);
    if (seen === undefined) {
      seen = new OffsetSet();
      this.positions.set(partition, seen);
    }
    if (!seen.add(offset)) {
      this.redeliveries++;
      return; // the same message again: it says nothing new about its seq
    }
    this.distinctPositions++;
    if (seq === null || seq < 0 || seq >= this.capacity) return;
    const before = this.analyses[seq]!;
    if (before < 0xffff) this.analyses[seq] = before + 1;
    if (before === 0 && this.acked[seq] === 1) this.analyzedAckedCount++;
  }

  /** Acknowledged logs not analyzed yet (the analysis backlog, as the test sees it). */
  pending(): number {
    return this.ackedCount - this.analyzedAckedCount;
  }

  acknowledged(): number {
    return this.ackedCount;
  }

  /** Distinct Kafka positions analyzed so far. */
  analyzedPositions(): number {
    return this.distinctPositions;
  }

  /** The first few acknowledged seqs never analyzed, to name them in a failure. */
  lostSample(max = 10): number[] {
    const out: number[] = [];
    for (let seq = 0; seq < this.capacity && out.length < max; seq++) {
      if (this.acked[seq] === 1 && this.analyses[seq] === 0) out.push(seq);
    }
    return out;
  }

  summary(): LedgerSummary {
    let producerDuplicates = 0;
    let analyzedUnacknowledged = 0;
    for (let seq = 0; seq < this.capacity; seq++) {
      const n = this.analyses[seq]!;
      if (n > 1) producerDuplicates += n - 1;
      if (n > 0 && this.acked[seq] === 0) analyzedUnacknowledged++;
    }
    return {
      acknowledged: this.ackedCount,
      analyzedAtLeastOnce: this.analyzedAckedCount,
      lost: this.ackedCount - this.analyzedAckedCount,
      redelivered: this.redeliveries,
      producerDuplicates,
      analyzedUnacknowledged,
    };
  }
}
