/**
 * What is staged and not loaded yet (docs/history.md). Each analyzed batch is posted as columns to
 * the history's thread (history-thread.ts), which makes its CSV text and appends it to
 * `incoming.csv`; a seal turns that file into a sealed one, which the next load reads while new
 * batches go to a fresh `incoming.csv`. The engine's side counts rows and characters here, sealed
 * and open, for the load triggers and the bounds, without waiting on the thread.
 */
import type { ColumnBatch } from './batch-columns';
import type { HistoryThread } from './thread-client';

export class Staging {
  /** Rows and characters posted since the last load, sealed ones included. */
  rows = 0;
  chars = 0;
  /** Of those, the rows and characters in sealed files. */
  sealedRows = 0;
  private sealedChars = 0;
  /** When the first row of the open file (`incoming.csv`) came (ms). */
  since = 0;

  constructor(private readonly thread: HistoryThread) {}

  /** Rows in the open file. */
  get open(): number {
    return this.rows - this.sealedRows;
  }

  /** Appends one batch (its CSV text made and written in order on the history's thread). */
  append(batch: ColumnBatch, now: number): void {
    this.thread.appendColumns(batch);
    this.count(batch.rows, batch.chars, now);
  }

  /** The open file becomes a sealed one (ready for a load of sealed files). */
  seal(): void {
    if (this.open === 0) return;
    this.thread.seal();
    this.sealedRows = this.rows;
    this.sealedChars = this.chars;
  }

  private count(rows: number, chars: number, now: number): void {
    if (this.open === 0) this.since = now;
    this.rows += rows;
    this.chars += chars;
  }

  /** The rows the next load takes: the sealed ones (`whole`) or all of them; counting goes on after them. */
  take(whole: boolean): number {
    const rows = whole ? this.sealedRows : this.rows;
    this.rows -= rows;
    this.chars -= whole ? this.sealedChars : this.chars;
    this.sealedRows = 0;
    this.sealedChars = 0;
    return rows;
  }
}
