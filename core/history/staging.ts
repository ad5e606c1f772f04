/**
 * The history's staging files (docs/history.md). Each analyzed batch's CSV text is appended, at once
 * and synchronously, to `incoming.csv` (a write to the page cache: no event-loop round trip per
 * batch, so the history keeps up while the engine keeps its thread busy; the file is loaded and
 * deleted within seconds, usually before the kernel writes it back). To load, the file is renamed
 * `loading.csv` and handed to DuckDB while new batches go to a fresh `incoming.csv`.
 */
import { closeSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const INCOMING = 'incoming.csv';
export const LOADING = 'loading.csv';

export class Staging {
  private fd: number | null = null;
  /** Rows and characters in `incoming.csv`, and when its first row came (ms). */
  rows = 0;
  chars = 0;
  since = 0;

  constructor(private readonly dir: string) {}

  /** Appends one batch's CSV text of `rows` logs; throws what the file system says (e.g. ENOSPC). */
  append(csv: string, rows: number, now: number): void {
    this.fd ??= openSync(join(this.dir, INCOMING), 'a');
    writeSync(this.fd, csv);
    if (this.rows === 0) this.since = now;
    this.rows += rows;
    this.chars += csv.length;
  }

  /**
   * Closes `incoming.csv` and renames it `loading.csv` for DuckDB (the caller loads one at a time);
   * the next append starts a new file. Null when nothing is staged.
   */
  rotate(): { path: string; rows: number } | null {
    if (this.rows === 0) return null;
    this.close();
    const path = join(this.dir, LOADING);
    renameSync(join(this.dir, INCOMING), path);
    const rows = this.rows;
    this.rows = 0;
    this.chars = 0;
    return { path, rows };
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
