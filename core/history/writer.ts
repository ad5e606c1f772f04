/**
 * The history's writer. The engine hands each analyzed batch to `offer` once its alerts are durable:
 * the batch becomes columns (batch-columns.ts), which the history's thread (history-thread.ts) makes CSV text of and
 * appends to a staging file (staging.ts), and DuckDB loads the staged rows in one statement when there are `loadRows` of them
 * (or a sixteenth of the size budget), when the oldest waited `loadDelayMs` (2 s), or on `flush`: one
 * large insert costs DuckDB about half the CPU per log of one insert per engine batch (docs/history.md,
 * `npm run bench -- history-cpu`), and a log is searchable ~2 s after it was analyzed at the most.
 * Loads run on DuckDB's side while batches keep being staged. While the engine catches up a backlog
 * (its consumer lag, `noteBacklog`), loads wait until it has caught up, a sixteenth of the size budget
 * or half of `maxQueuedLogs` is staged: the CPU goes to analysis first. Staged logs are bounded
 * (`maxQueuedLogs`, and a quarter of the size budget, 64 MB at least): past it, batches are dropped and
 * counted (`dropped`, and health says so), so analysis and offset commits never wait on the history.
 * Alerts keep their own journal (core/alerts), so at-least-once delivery of alerts does not depend on
 * this store.
 */
import type { Analysis, HistoryState, LogRecord } from '../contract';
import { encodeBatch } from './batch-columns';
import { Staging } from './staging';
import { HistoryThread } from './thread-client';
import type { HistoryThreadOptions } from './thread-protocol';

export interface HistoryWriterOptions extends HistoryThreadOptions {
  /** Staged logs at most, loading included, before batches are dropped (default 2,000,000). */
  maxQueuedLogs?: number;
  /** How often the age and size bounds are enforced at the least (default 10 s). */
  enforceEveryMs?: number;
  /** Staged rows that trigger a load (default 50,000; the size budget may make it fewer). */
  loadRows?: number;
  /** The longest a staged log waits for its load (default 2,000 ms). */
  loadDelayMs?: number;
  now?: () => number;
}

/** How long a drop stays in health after it happened. */
const DROP_REASON_MS = 5 * 60_000;

export class HistoryWriter {
  private readonly staging: Staging;
  private readonly maxQueued: number;
  private readonly enforceEveryMs: number;
  private readonly loadRows: number;
  private readonly loadChars: number;
  private readonly loadDelayMs: number;
  private readonly now: () => number;
  /** The load in progress (one at a time), and how many rows it holds. */
  private loading: Promise<void> | null = null;
  private loadingRows = 0;
  private loadTimer: NodeJS.Timeout | null = null;
  /** Staged characters at most (a quarter of the size budget, 64 MB at least): with `maxQueued`, the drop bound. */
  private readonly maxStagedChars: number;
  /** The engine's consumer lag as last told (`noteBacklog`): past `loadRows`, loads wait. */
  private backlog = 0;
  private lastEnforced = 0;
  private dropped = 0;
  private lastDropAt = -Infinity;
  private evicted = 0;
  private stored = 0;
  private failure: string | null = null;
  private closing = false;

  private constructor(
    readonly store: HistoryThread,
    options: HistoryWriterOptions,
  ) {
    this.staging = new Staging(store);
    store.onAppendFailed((rows, message) =>
      this.fail(rows, `history staging failed: ${message.slice(0, 200)}`),
    );
    this.maxQueued = options.maxQueuedLogs ?? 2_000_000;
    // Transient (loaded and deleted within seconds) and bounded: a quarter of the budget, 64 MB at least,
    // so that a small budget's slow loads (each followed by its clean-up) do not drop a catch-up.
    this.maxStagedChars = Math.max(64 * 1024 ** 2, Math.floor(options.maxBytes / 4));
    this.enforceEveryMs = options.enforceEveryMs ?? 10_000;
    this.loadRows = options.loadRows ?? 50_000;
    // One load at most a sixteenth of the size budget, so the database never jumps past its bound.
    this.loadChars = Math.max(64 * 1024, Math.floor(options.maxBytes / 16));
    this.loadDelayMs = options.loadDelayMs ?? 2_000;
    this.now = options.now ?? Date.now;
  }

  static async open(options: HistoryWriterOptions): Promise<HistoryWriter> {
    const store = await HistoryThread.open(options);
    const writer = new HistoryWriter(store, options);
    writer.stored = store.opened.count;
    if (store.opened.recovered.lost)
      writer.failure =
        'history: the logs being staged when Vigil last stopped were torn: the readable ones were stored, the rest lost';
    return writer;
  }

  /** Stages one analyzed batch (its columns, posted now); never waits. `alertIds`: record index → alert id. */
  offer(
    records: readonly LogRecord[],
    analyses: readonly Analysis[],
    alertIds: ReadonlyMap<number, string> | null,
    ingested: number,
  ): void {
    if (this.closing || records.length === 0) return;
    if (this.full(records.length)) return;
    this.staging.append(encodeBatch({ records, analyses, alertIds, ingested }), this.now());
    this.staged();
  }

  /**
   * Stages a batch whose CSV text another engine thread built with `batchCsv` (issue 19: a standalone
   * engine's other threads; the serialization stays off this thread). Bounded and counted as `offer`.
   */
  offerCsv(csv: string, logs: number): void {
    if (this.closing || logs <= 0) return;
    if (this.full(logs)) return;
    this.staging.appendCsv(csv, logs, this.now());
    this.staged();
  }

  /** Logs staged and not stored yet (the load in progress included). */
  pending(): number {
    return this.staging.rows + this.loadingRows;
  }

  /**
   * The engine's consumer lag, told once a second. While it is past one load's worth of logs the
   * engine is catching up, and loads wait (staged on disk) until it has caught up, a sixteenth of
   * the size budget or half of `maxQueuedLogs` is staged: analysis first, then the history
   * (docs/history.md).
   */
  noteBacklog(lag: number): void {
    this.backlog = lag;
    if (this.due()) this.kickLoad();
  }

  private full(rows: number): boolean {
    if (this.pending() + rows <= this.maxQueued && this.staging.chars <= this.maxStagedChars) return false;
    this.dropped += rows;
    this.lastDropAt = this.now();
    return true;
  }

  private staged(): void {
    if (this.due()) this.kickLoad();
    else this.armLoadTimer();
  }

  private due(): boolean {
    const s = this.staging;
    if (s.rows === 0) return false;
    if (this.backlog > this.loadRows && !this.closing)
      return this.pending() >= this.maxQueued / 2 || s.chars >= this.loadChars;
    return s.rows >= this.loadRows || s.chars >= this.loadChars || this.now() - s.since >= this.loadDelayMs;
  }

  /** Starts loading what is staged, unless a load runs (it looks again when it ends). */
  private kickLoad(): void {
    if (this.loading) return;
    if (this.loadTimer) clearTimeout(this.loadTimer);
    this.loadTimer = null;
    this.loading = this.loadStaged().finally(() => {
      this.loading = null;
      if (this.due()) this.kickLoad();
      else this.armLoadTimer();
    });
  }

  /** Loads what is staged (the history's thread renames the file first); a failed load counts its rows as dropped. */
  private async loadStaged(): Promise<void> {
    const rows = this.staging.take();
    if (rows === 0) return;
    this.loadingRows = rows;
    try {
      await this.store.load();
      this.stored += rows;
      this.failure = null;
    } catch (error) {
      this.fail(rows, `history write failed: ${String((error as Error).message).slice(0, 200)}`);
    } finally {
      this.loadingRows = 0;
    }
    const now = this.now();
    if (now - this.lastEnforced >= this.enforceEveryMs || this.store.overBudget()) await this.enforce(now);
  }

  /** Resolves when everything offered so far is stored (and searchable). */
  async flush(): Promise<void> {
    await this.loaded();
    if (this.staging.rows === 0) return;
    this.kickLoad();
    await this.loaded();
  }

  /** Resolves when no load runs (one that ends may start the next: waited for too). */
  private async loaded(): Promise<void> {
    while (this.loading !== null) await this.loading;
  }

  private fail(rows: number, reason: string): void {
    this.dropped += rows;
    this.lastDropAt = this.now();
    this.failure = reason;
  }

  /** Staged rows wait at most `loadDelayMs` (no backlog): a timer loads them when no batch comes to do it. */
  private armLoadTimer(): void {
    if (this.loadTimer || this.loading || this.closing || this.staging.rows === 0) return;
    if (this.backlog > this.loadRows) return; // noteBacklog looks again each second
    const wait = Math.max(0, this.loadDelayMs - (this.now() - this.staging.since));
    this.loadTimer = setTimeout(() => {
      this.loadTimer = null;
      this.kickLoad();
    }, wait);
    this.loadTimer.unref();
  }

  /** Applies the age and size bounds now (also called on a timer by the engine's tick). */
  async enforce(now = this.now()): Promise<void> {
    this.lastEnforced = now;
    try {
      const deleted = await this.store.enforceBounds(now);
      this.evicted += deleted;
      this.stored = Math.max(0, this.stored - deleted);
    } catch (error) {
      this.failure = `history clean-up failed: ${String((error as Error).message).slice(0, 200)}`;
    }
  }

  /** A reason for health, or null when the history is fine. */
  reason(now = this.now()): string | null {
    if (this.failure) return this.failure;
    if (now - this.lastDropAt < DROP_REASON_MS)
      return `history writer behind: ${this.dropped} logs not stored since start (analysis did not wait)`;
    return null;
  }

  state(): HistoryState {
    return {
      enabled: true,
      reason: this.reason(),
      storedLogs: this.stored,
      diskBytes: this.store.diskBytes(),
      dropped: this.dropped,
      evicted: this.evicted,
    };
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.flush();
    if (this.loadTimer) clearTimeout(this.loadTimer);
    await this.store.close();
  }
}
