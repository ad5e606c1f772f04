/**
 * The history's staging files (docs/history.md). Each analyzed batch is posted as columns to a
 * thread of its own that makes its CSV text and appends it to `incoming.csv` (staging-thread.ts: no
 * event-loop round trip per batch, and the text and its bytes are made off the engine's thread); the file is loaded and deleted within
 * seconds, usually before the kernel writes it back. To load, the file is renamed `loading.csv` and
 * handed to DuckDB while new batches go to a fresh `incoming.csv`.
 */
import { join } from 'node:path';
import type { ColumnBatch } from './batch-columns';
import { INCOMING, LOADING, StagingThread } from './staging-thread';

export { INCOMING, LOADING };

export class Staging {
  private readonly thread: StagingThread;
  /** Rows and characters in `incoming.csv`, and when its first row came (ms). */
  rows = 0;
  chars = 0;
  since = 0;

  /** @param onFailed an append the file system refused (e.g. ENOSPC): its rows are lost. */
  constructor(
    private readonly dir: string,
    onFailed: (rows: number, message: string) => void,
  ) {
    this.thread = new StagingThread(dir, onFailed);
  }

  /** Appends one batch (its CSV text made and written in order on the staging thread). */
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

  /**
   * Renames `incoming.csv` `loading.csv` for DuckDB once every earlier append is written (the caller
   * loads one at a time); appends from now on go to a new file. Null when nothing is staged.
   */
  async rotate(): Promise<{ path: string; rows: number } | null> {
    if (this.rows === 0) return null;
    const rows = this.rows;
    this.rows = 0;
    this.chars = 0;
    await this.thread.rotate();
    return { path: join(this.dir, LOADING), rows };
  }

  close(): Promise<void> {
    return this.thread.close();
  }
}
