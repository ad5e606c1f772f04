/**
 * The engine's side of the history's thread (history-thread.ts): starts it, posts batches to it
 * (never waits) and asks it to load, enforce the bounds and search. The store's reads have the shape
 * of HistoryStore's, so the routes and the alert context use either.
 */
import type { Worker } from 'node:worker_threads';
import type { LogHistogram, LogQueryResult } from '../contract';
import { startWorker } from '../paths';
import { transferables, type ColumnBatch } from './batch-columns';
import type { HistorySearch } from './filter-sql';
import { databaseBytes, overBudget, type AroundResult, type LogAnchor } from './store';
import type {
  FromHistoryThread,
  HistoryCall,
  HistoryCalls,
  HistoryThreadOptions,
  Opened,
  ToHistoryThread,
} from './thread-protocol';

/** What the routes and the alert context read (HistoryStore has it, and the thread's client). */
export interface HistoryReads {
  query(search: HistorySearch): Promise<LogQueryResult>;
  histogram(search: Omit<HistorySearch, 'limit'>): Promise<LogHistogram>;
  around(anchor: LogAnchor, before: number, after: number): Promise<AroundResult>;
}

/** The thread: history-thread.js beside this bundle, or history-thread.ts through tsx (core/paths.ts). */
function spawn(options: HistoryThreadOptions): Worker {
  return startWorker(__dirname, 'history-thread.js', 'history-thread.ts', { workerData: options });
}

interface Waiter {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export class HistoryThread implements HistoryReads {
  private seq = 0;
  private closed: Promise<void> | null = null;
  private readonly waiting = new Map<number, Waiter>();
  private failed: (rows: number, message: string) => void = () => undefined;
  private noted: (message: string) => void = () => undefined;
  /** Why the thread is gone (an uncaught error, an exit): later requests fail at once with it. */
  private ended: string | null = null;

  private constructor(
    private readonly worker: Worker,
    readonly opened: Opened,
    private readonly maxBytes: number,
  ) {
    worker.on('message', (m: FromHistoryThread) => {
      if (m.op === 'opened') return;
      if (m.op === 'note') return this.noted(m.message);
      const waiter = m.seq === null ? undefined : this.waiting.get(m.seq);
      if (m.seq !== null) this.waiting.delete(m.seq);
      if (m.op === 'reply') waiter?.resolve(m.value);
      else if (waiter) waiter.reject(new Error(m.message));
      else this.failed(m.rows, m.message);
    });
    const ended = (reason: string): void => {
      this.ended ??= `the history's thread ended (${reason})`;
      for (const w of this.waiting.values()) w.reject(new Error(this.ended));
      this.waiting.clear();
    };
    worker.on('error', (error) => ended(error.message));
    worker.on('exit', (code) => ended(`exit code ${code}`));
  }

  /** Starts the thread and opens the store there; rejects with the reason it cannot. */
  static async open(options: HistoryThreadOptions): Promise<HistoryThread> {
    // Only what the thread uses crosses (a caller's options may hold functions, e.g. the writer's clock).
    const { dir, maxAgeMs, maxBytes, threads, memoryLimit, fsst, nice, maxCodes } = options;
    const worker = spawn({ dir, maxAgeMs, maxBytes, threads, memoryLimit, fsst, nice, maxCodes });
    worker.unref();
    const listeners: {
      error?: (e: Error) => void;
      exit?: (code: number) => void;
      message?: (m: FromHistoryThread) => void;
    } = {};
    const unlisten = (): void => {
      worker.off('error', listeners.error!);
      worker.off('exit', listeners.exit!);
      worker.off('message', listeners.message!);
    };
    try {
      const opened = await new Promise<Opened>((resolve, reject) => {
        listeners.error = reject;
        listeners.exit = (code) =>
          reject(new Error(`the history's thread ended at start (exit code ${code})`));
        listeners.message = (m) => {
          if (m.op === 'opened') resolve(m.opened);
          else reject(new Error(m.op === 'error' ? m.message : 'the history thread did not open'));
        };
        worker.on('error', listeners.error);
        worker.on('exit', listeners.exit);
        worker.on('message', listeners.message);
      });
      unlisten();
      return new HistoryThread(worker, opened, options.maxBytes);
    } catch (error) {
      unlisten();
      await worker.terminate();
      throw error;
    }
  }

  get file(): string {
    return this.opened.file;
  }

  /** An append the file system refused (e.g. ENOSPC): its rows are lost, counted by the caller. */
  onAppendFailed(listener: (rows: number, message: string) => void): void {
    this.failed = listener;
  }

  /** A note from the thread for health (values stored without their column, past the dictionary's cap). */
  onNote(listener: (message: string) => void): void {
    this.noted = listener;
  }

  /** A batch's columns: its typed arrays move to the thread (the batch is not to be used after). */
  appendColumns(batch: ColumnBatch): void {
    this.post({ op: 'columns', batch, rows: batch.rows }, transferables(batch));
  }

  /** Ends the staging file: what was appended so far becomes one sealed file (a whole row group). */
  seal(): void {
    this.post({ op: 'seal' });
  }

  private post(message: ToHistoryThread, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  private call<K extends HistoryCall>(
    call: K,
    ...args: HistoryCalls[K]['args']
  ): Promise<HistoryCalls[K]['value']> {
    if (this.ended !== null) return Promise.reject(new Error(this.ended));
    if (this.closed && call !== 'close') return Promise.reject(new Error('the history is closed'));
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve: resolve as (value: unknown) => void, reject });
      this.post({ op: 'call', seq, call, args });
    });
  }

  /**
   * Loads the files sealed so far, or (`whole: false`) everything appended so far; later appends
   * go to the next load. The rows stored.
   */
  load(whole: boolean): Promise<number> {
    return this.call('load', whole);
  }

  enforceBounds(now: number): Promise<number> {
    return this.call('enforce', now);
  }

  query(search: HistorySearch): Promise<LogQueryResult> {
    return this.call('query', search);
  }

  histogram(search: Omit<HistorySearch, 'limit'>): Promise<LogHistogram> {
    return this.call('histogram', search);
  }

  around(anchor: LogAnchor, before: number, after: number): Promise<AroundResult> {
    return this.call('around', anchor, before, after);
  }

  count(): Promise<number> {
    return this.call('count');
  }

  /** The database file and its write-ahead log, in bytes, as on disk. */
  diskBytes(): number {
    return databaseBytes(this.opened.file);
  }

  /** True when the next `enforceBounds` has size work to do (two stat calls). */
  overBudget(): boolean {
    return overBudget(this.opened.file, this.maxBytes);
  }

  /** Closes the store (a checkpoint) and ends the thread; again: the same promise. */
  close(): Promise<void> {
    this.closed ??= this.call('close')
      .catch(() => undefined)
      .then(() => this.worker.terminate())
      .then(() => undefined);
    return this.closed;
  }
}
