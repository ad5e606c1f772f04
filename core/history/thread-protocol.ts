/**
 * The messages between the engine's thread and the history's thread (history-thread.ts). Both ends
 * are this process's own code, built from one source, so the shapes are typed here rather than
 * validated at run time (nothing crosses a process boundary).
 */
import type { LogHistogram, LogQueryResult } from '../contract';
import type { ColumnBatch } from './batch-columns';
import type { HistorySearch } from './filter-sql';
import type { AroundResult, HistoryStoreOptions, LogAnchor } from './store';

/** The staging files beside the database: batches are appended to the first, loaded from the second. */
export const INCOMING = 'incoming.csv';
export const LOADING = 'loading.csv';

export interface HistoryThreadOptions extends HistoryStoreOptions {
  /**
   * The thread's nice value on Linux (default 10): its CSV text, file writes and DuckDB's loads and
   * deletes yield the CPU to analysis when both want it (docs/history.md). Reads run on libuv's pool.
   */
  nice?: number;
}

/** What each request answers. */
export interface HistoryCalls {
  /** Renames `incoming.csv` `loading.csv` (after every earlier append) and loads it: rows stored. */
  load: { args: []; value: number };
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
  | { op: 'append'; csv: string; rows: number }
  | { op: 'call'; seq: number; call: HistoryCall; args: unknown[] };

export type FromHistoryThread =
  | { op: 'opened'; opened: Opened }
  | { op: 'reply'; seq: number; value: unknown }
  | { op: 'error'; seq: number | null; message: string; rows: number };
