/**
 * Reads the analyzed-batch file an engine child appends to (see engine-child-protocol.ts),
 * incrementally, into a SeqLedger. A last line without its newline (cut by a SIGKILL) is left
 * unread: its batch was not committed, so it is delivered again and counted then.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { parseAnalyzedLine } from './engine-child-protocol';
import type { SeqLedger } from './seq-ledger';

export class AnalyzedFileReader {
  private position = 0;
  private carry = '';
  /** Largest batch seen per partition: the bound on what a crash may deliver again. */
  readonly largestBatch = new Map<number, number>();
  malformedLines = 0;

  constructor(
    readonly file: string,
    private readonly ledger: SeqLedger,
  ) {}

  /** Reads what was appended since the last call. */
  poll(): void {
    if (!existsSync(this.file)) return;
    const size = statSync(this.file).size;
    if (size <= this.position) return;
    const buffer = Buffer.alloc(size - this.position);
    const fd = openSync(this.file, 'r');
    try {
      readSync(fd, buffer, 0, buffer.length, this.position);
    } finally {
      closeSync(fd);
    }
    this.position = size;
    const text = this.carry + buffer.toString('utf8');
    const lines = text.split('\n');
    this.carry = lines.pop() ?? '';
    for (const line of lines) {
      const batch = parseAnalyzedLine(line);
      if (batch === null) {
        this.malformedLines++;
        continue;
      }
      const largest = this.largestBatch.get(batch.partition) ?? 0;
      if (batch.offsets.length > largest) this.largestBatch.set(batch.partition, batch.offsets.length);
      batch.offsets.forEach((offset, i) =>
        this.ledger.recordAnalyzed(batch.partition, offset, batch.seqs[i] ?? null),
      );
    }
  }

  /** One batch per partition: how many messages a crash may deliver again at most. */
  duplicateBound(): number {
    let sum = 0;
    for (const n of this.largestBatch.values()) sum += n;
    return sum;
  }
}
