/**
 * The messages between the engine's thread and the history's thread (history-thread.ts). Both ends
 * are this process's own code, built from one source, so the shapes are typed here rather than
 * validated at run time (nothing crosses a process boundary).
 */
import type { LogHistogram, LogQueryResult } from '../contract';
import type { ColumnBatch } from './batch-columns';
import type { HistorySearch } from './filter-sql';
import type { AroundResult, HistoryStoreOptions, LogAnchor } from './store';

/**
 * The staging files beside the database. Batches are appended to `incoming.csv`; a seal renames it
 * `sealed-<n>.csv` (one DuckDB row group of rows each, writer.ts), and a load reads sealed files.
 * `loading.csv` is what an earlier build loaded from: only recovered at open.
 */
export const INCOMING = 'incoming.csv';
export const LOADING = 'loading.csv';
export const sealedName = (n: number): string => `sealed-${String(n).padStart(9, '0')}.csv`;
export const SEALED = /^sealed-\d{9}\.csv$/;
/**
 * New dictionary entries (dictionary.ts) are appended to `dict-incoming.csv` before the rows that
 * use them; a load takes the file whole (renamed `dict-<n>.csv`) and inserts it before its rows.
 */
export const DICT_INCOMING = 'dict-incoming.csv';
export const dictName = (n: number): string => `dict-${String(n).padStart(9, '0')}.csv`;
export const DICT_SEALED = /^dict-\d{9}\.csv$/;

export interface HistoryThreadOptions extends HistoryStoreOptions {
  /**
   * The thread's nice value on Linux (default 10): its CSV text, file writes and DuckDB's loads and
   * deletes yield the CPU to analysis when both want it (docs/history.md). Reads run on libuv's pool.
   */
  nice?: number;
}

/** What each request answers. */
export interface HistoryCalls {
  /**
   * Loads the sealed files (after every earlier append and seal), in one statement, and removes
   * them; `whole: false` seals `incoming.csv` first, so that everything staged is loaded.
   */
  load: { args: [whole: boolean]; value: number };
  enforce: { args: [now: number]; value: number };
  query: { args: [search: HistorySearch]; value: LogQueryResult };
  histogram: { args: [search: Omit<HistorySearch, 'limit'>]; value: LogHistogram };
  around: { args: [anchor: LogAnchor, before: number, after: number]; value: AroundResult };
  count: { args: []; value: number };
  close: { args: []; value: null };
}

export type HistoryCall = keyof HistoryCalls;

export interface Opened {
  file: string;
  count: number;
  recovered: { rows: number; lost: boolean };
  /** The nice value the thread runs at, or why it could not lower it (other systems: not tried). */
  nice: number | string;
}

export type ToHistoryThread =
  | { op: 'columns'; batch: ColumnBatch; rows: number }
  | { op: 'seal' }
  | { op: 'call'; seq: number; call: HistoryCall; args: unknown[] };

export type FromHistoryThread =
  | { op: 'opened'; opened: Opened }
  | { op: 'reply'; seq: number; value: unknown }
  | { op: 'error'; seq: number | null; message: string; rows: number }
  /** Something health should show for a while (values stored as null past the dictionary's cap). */
  | { op: 'note'; message: string };
