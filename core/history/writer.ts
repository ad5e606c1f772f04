/**
 * The history's writer. The engine hands each analyzed batch to `offer` once its alerts are durable:
 * the batch becomes columns (batch-columns.ts), which the history's thread (history-thread.ts) makes
 * CSV text of and appends to a staging file (staging.ts). Every `loadRows` rows (122,880 by default,
 * one DuckDB row group) the file is sealed, a batch split at the boundary if it must be, and sealed
 * files are loaded as they come, in one statement: DuckDB writes whole row groups straight to its
 * file, compressed, where fewer rows go through its write-ahead log first and are compressed again at
 * the next checkpoint (~0.6 µs a log more; docs/history.md). A log waits `loadDelayMs` (3 s) at the
 * most: then everything staged is loaded (at 41,000 logs/s and more, a row group fills first), as on
 * `flush`, and when a sixteenth of the size budget is staged (a small budget's loads stay small).
 * Loads run on DuckDB's side while batches keep being staged. While the engine catches up a backlog
 * (its consumer lag, `noteBacklog`), loads wait until it has caught up, a sixteenth of the size budget
 * or half of `maxQueuedLogs` is staged: the CPU goes to analysis first. Staged logs are bounded
 * (`maxQueuedLogs`, and a quarter of the size budget, 64 MB at least): past it, batches are dropped and
 * counted (`dropped`, and health says so), so analysis and offset commits never wait on the history.
 * Alerts keep their own journal (core/alerts), so at-least-once delivery of alerts does not depend on
 * this store.
 */
import type { Analysis, HistoryState, LogRecord } from '../contract';
import { encodeBatch, type ColumnBatch } from './batch-columns';
import type { HistoryBatch } from './schema';
import { Staging } from './staging';
import { HistoryThread } from './thread-client';
import type { HistoryThreadOptions } from './thread-protocol';

export interface HistoryWriterOptions extends HistoryThreadOptions {
  /** Staged logs at most, loading included, before batches are dropped (default 2,000,000). */
  maxQueuedLogs?: number;
  /** How often the age and size bounds are enforced at the least (default 10 s). */
  enforceEveryMs?: number;
  /** Rows of one sealed file, loaded as soon as it is sealed (default 122,880: DuckDB's row group). */
  loadRows?: number;
  /** The longest a staged log waits for its load (default 3,000 ms). */
  loadDelayMs?: number;
  now?: () => number;
}

/** DuckDB's rows per row group (its default `row_group_size`): a load of whole ones skips its WAL. */
export const ROW_GROUP_ROWS = 122_880;

/** Rows of a sealed file of batches encoded elsewhere (`offerColumns`): well under a row group. */
const SPLIT_LOAD_ROWS = 50_000;

/** What a load takes: the sealed files only, or everything staged. */
type LoadKind = 'whole' | 'all';

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
  /** The history thread's last note, shown in health as long as a drop is. */
  private note: { message: string; at: number } | null = null;
  private closing = false;

  private constructor(
    readonly store: HistoryThread,
    options: HistoryWriterOptions,
  ) {
    this.staging = new Staging(store);
    store.onAppendFailed((rows, message) =>
      this.fail(rows, `history staging failed: ${message.slice(0, 200)}`),
    );
    store.onNote((message) => {
      this.note = { message: message.slice(0, 300), at: this.now() };
    });
    this.maxQueued = options.maxQueuedLogs ?? 2_000_000;
    // Transient (loaded and deleted within seconds) and bounded: a quarter of the budget, 64 MB at least,
    // so that a small budget's slow loads (each followed by its clean-up) do not drop a catch-up.
    this.maxStagedChars = Math.max(64 * 1024 ** 2, Math.floor(options.maxBytes / 4));
    this.enforceEveryMs = options.enforceEveryMs ?? 10_000;
    this.loadRows = Math.max(1, options.loadRows ?? ROW_GROUP_ROWS);
    // One load at most a sixteenth of the size budget, so the database never jumps past its bound.
    this.loadChars = Math.max(64 * 1024, Math.floor(options.maxBytes / 16));
    this.loadDelayMs = options.loadDelayMs ?? 3_000;
    this.now = options.now ?? Date.now;
  }

  static async open(options: HistoryWriterOptions): Promise<HistoryWriter> {
    const store = await HistoryThread.open(options);
    const writer = new HistoryWriter(store, options);
    writer.stored = store.opened.count;
    if (store.opened.recovered.lost)
      writer.failure =
        'history: logs being staged when Vigil last stopped were torn or staged by an earlier build: the readable ones were stored, the rest lost';
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
    const now = this.now();
    // Cut where the open file reaches a row group: each sealed file holds exactly `loadRows`.
    for (let start = 0; start < records.length;) {
      const end = Math.min(records.length, start + Math.max(1, this.loadRows - this.staging.open));
      const whole = start === 0 && end === records.length;
      const part: HistoryBatch = whole
        ? { records, analyses, alertIds, ingested }
        : {
            records: records.slice(start, end),
            analyses: analyses.slice(start, end),
            alertIds: shifted(alertIds, start, end),
            ingested,
          };
      this.staging.append(encodeBatch(part), now);
      if (this.staging.open >= this.loadRows) this.staging.seal();
      start = end;
    }
    this.staged();
  }

  /**
   * Stages a batch another engine thread encoded as columns (issue 19: a standalone engine's other
   * threads; the encoding stays off this thread). Bounded and counted as `offer`. A batch encoded
   * elsewhere is not cut here, and a load a little past a row group costs DuckDB more than one
   * through its WAL (the small row group it leaves is merged again at a checkpoint): sealed at
   * `SPLIT_LOAD_ROWS` instead, loaded through the WAL as before whole row groups.
   */
  offerColumns(batch: ColumnBatch): void {
    if (this.closing || batch.rows <= 0) return;
    if (this.full(batch.rows)) return;
    this.staging.append(batch, this.now());
    if (this.staging.open >= Math.min(this.loadRows, SPLIT_LOAD_ROWS)) this.staging.seal();
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
    return this.kind() !== null;
  }

  /** What the next load takes now, or null when none is due. */
  private kind(): LoadKind | null {
    const s = this.staging;
    if (s.rows === 0) return null;
    if (this.backlog > this.loadRows && !this.closing)
      return this.pending() >= this.maxQueued / 2 || s.chars >= this.loadChars ? 'all' : null;
    if (s.chars >= this.loadChars || (s.open > 0 && this.now() - s.since >= this.loadDelayMs)) return 'all';
    return s.sealedRows > 0 ? 'whole' : null;
  }

  /** Starts loading what is staged, unless a load runs (it looks again when it ends). */
  private kickLoad(kind: LoadKind = this.kind() ?? 'all'): void {
    if (this.loading) return;
    if (this.loadTimer) clearTimeout(this.loadTimer);
    this.loadTimer = null;
    this.loading = this.loadStaged(kind).finally(() => {
      this.loading = null;
      if (this.due()) this.kickLoad();
      else this.armLoadTimer();
    });
  }

  /** Loads what is due (the sealed files, or everything); a failed load counts its rows as dropped. */
  private async loadStaged(kind: LoadKind): Promise<void> {
    const whole = kind === 'whole';
    const rows = this.staging.take(whole);
    if (rows === 0) return;
    this.loadingRows = rows;
    try {
      await this.store.load(whole);
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
    this.kickLoad('all');
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
    if (this.loadTimer || this.loading || this.closing || this.staging.open === 0) return;
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
    if (this.note !== null && now - this.note.at < DROP_REASON_MS) return this.note.message;
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

/** The alert ids of records [start, end), indexed from `start`. */
function shifted(
  alertIds: ReadonlyMap<number, string> | null,
  start: number,
  end: number,
): ReadonlyMap<number, string> | null {
  if (alertIds === null) return null;
  const part = new Map<number, string>();
  for (const [row, id] of alertIds) if (row >= start && row < end) part.set(row - start, id);
  return part;
}
