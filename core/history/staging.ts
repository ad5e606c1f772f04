/**
 * What is staged and not loaded yet (docs/history.md). Each analyzed batch is posted as columns to
 * the history's thread (history-thread.ts), which makes its CSV text and appends it to
 * `incoming.csv`; a load renames the file `loading.csv` for DuckDB while new batches go to a fresh
 * `incoming.csv`. The engine's side counts rows and characters here, for the load triggers and the
 * bounds, without waiting on the thread.
 */
import type { ColumnBatch } from './batch-columns';
import type { HistoryThread } from './thread-client';

export class Staging {
  /** Rows and characters posted since the last load, and when the first of them came (ms). */
  rows = 0;
  chars = 0;
  since = 0;

  constructor(private readonly thread: HistoryThread) {}

  /** Appends one batch (its CSV text made and written in order on the history's thread). */
  append(batch: ColumnBatch, now: number): void {
    this.thread.appendColumns(batch);
    this.count(batch.rows, batch.chars, now);
  }

  /** Appends CSV text another thread made (a standalone engine's, issue 19). */
  appendCsv(csv: string, rows: number, now: number): void {
    this.thread.appendCsv(csv, rows);
    this.count(rows, csv.length, now);
  }

  private count(rows: number, chars: number, now: number): void {
    if (this.rows === 0) this.since = now;
    this.rows += rows;
    this.chars += chars;
  }

  /** The rows posted so far, which the next load takes; counting starts again. */
  take(): number {
    const rows = this.rows;
    this.rows = 0;
    this.chars = 0;
    return rows;
  }
}
