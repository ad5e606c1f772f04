/**
 * The history's writer: the engine hands each analyzed batch to `offer` (the engine's own arrays,
 * referenced, never copied) and moves on; a drain loop turns queued batches into CSV text
 * (batch-csv.ts) appended to a staging file, and loads the staged rows into DuckDB in one statement
 * when there are `loadRows` of them, or the oldest waited `loadDelayMs` (2 s), or on `flush`: one
 * large insert costs DuckDB about half the CPU per log of one insert per engine batch
 * (docs/history.md, `npm run bench -- history-cpu`). A log is searchable at most ~2 s after it was
 * analyzed. The queue is bounded by logs: when the writer falls behind and the queue is full, the
 * newest batch is dropped and counted (`dropped`, and health says so), so analysis and offset
 * commits never wait on the history. Alerts keep their own journal (core/alerts), so at-least-once
 * delivery of alerts does not depend on this store.
 */
import type { Analysis, HistoryState, LogRecord } from '../contract';
import { batchCsv } from './batch-csv';
import type { HistoryBatch } from './schema';
import { HistoryStore, type HistoryStoreOptions } from './store';

export interface HistoryWriterOptions extends HistoryStoreOptions {
  /** Logs queued at most before batches are dropped (default 200,000). */
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
  private readonly queue: HistoryBatch[] = [];
  private queuedLogs = 0;
  private readonly maxQueued: number;
  private readonly enforceEveryMs: number;
  private readonly loadRows: number;
  private readonly loadChars: number;
  private readonly loadDelayMs: number;
  private loadTimer: NodeJS.Timeout | null = null;
  private readonly now: () => number;
  private draining: Promise<void> | null = null;
  private lastEnforced = 0;
  private dropped = 0;
  private lastDropAt = -Infinity;
  private evicted = 0;
  private stored = 0;
  private failure: string | null = null;
  private closing = false;

  private constructor(
    readonly store: HistoryStore,
    options: HistoryWriterOptions,
  ) {
    this.maxQueued = options.maxQueuedLogs ?? 200_000;
    this.enforceEveryMs = options.enforceEveryMs ?? 10_000;
    this.loadRows = options.loadRows ?? 50_000;
    // The staging file counts against the disk budget too: at most a sixteenth of it.
    this.loadChars = Math.max(64 * 1024, Math.floor(options.maxBytes / 16));
    this.loadDelayMs = options.loadDelayMs ?? 2_000;
    this.now = options.now ?? Date.now;
  }

  static async open(options: HistoryWriterOptions): Promise<HistoryWriter> {
    const store = await HistoryStore.open(options);
    const writer = new HistoryWriter(store, options);
    writer.stored = await store.count();
    if (store.recovered.lost)
      writer.failure =
        'history: the logs being staged when Vigil last stopped were torn: the readable ones were stored, the rest lost';
    return writer;
  }

  /** Queues one analyzed batch; never waits. `alertIds`: record index → alert id. */
  offer(
    records: readonly LogRecord[],
    analyses: readonly Analysis[],
    alertIds: ReadonlyMap<number, string> | null,
    ingested: number,
  ): void {
    if (this.closing || records.length === 0) return;
    if (this.queuedLogs + records.length > this.maxQueued) {
      this.dropped += records.length;
      this.lastDropAt = this.now();
      return;
    }
    this.queue.push({ records, analyses, alertIds, ingested });
    this.queuedLogs += records.length;
    this.kick();
  }

  private kick(): void {
    if (this.draining) return;
    this.draining = this.drain().finally(() => {
      this.draining = null;
      // A batch offered between the loop's last look and here still gets written.
      if (this.queue.length > 0) this.kick();
    });
  }

  /** Resolves when everything queued so far is stored (and searchable). */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
    await this.loadStaged();
  }

  /** Loads what is staged; a failed load counts its rows as dropped. */
  private async loadStaged(): Promise<void> {
    if (this.loadTimer) clearTimeout(this.loadTimer);
    this.loadTimer = null;
    const rows = this.store.staged().rows;
    if (rows === 0) return;
    try {
      this.stored += await this.store.load();
      this.failure = null;
    } catch (error) {
      this.fail(rows, `history write failed: ${String((error as Error).message).slice(0, 200)}`);
    }
    const now = this.now();
    if (now - this.lastEnforced >= this.enforceEveryMs || this.store.overBudget()) await this.enforce(now);
  }

  private fail(rows: number, reason: string): void {
    this.dropped += rows;
    this.lastDropAt = this.now();
    this.failure = reason;
  }

  /** Staged rows wait at most `loadDelayMs`: a timer loads them when no batch comes to do it. */
  private armLoadTimer(): void {
    if (this.loadTimer || this.closing || this.store.staged().rows === 0) return;
    this.loadTimer = setTimeout(() => {
      this.loadTimer = null;
      if (this.draining) return this.armLoadTimer();
      this.draining = this.loadStaged().finally(() => {
        this.draining = null;
        if (this.queue.length > 0) this.kick();
      });
    }, this.loadDelayMs);
    this.loadTimer.unref();
  }

  private async drain(): Promise<void> {
    // Let the engine finish its batch (events, commit) before the first serialization.
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (let batch = this.queue.shift(); batch; batch = this.queue.shift()) {
      this.queuedLogs -= batch.records.length;
      try {
        await this.store.stage(batchCsv(batch), batch.records.length, this.now());
      } catch (error) {
        this.fail(
          batch.records.length,
          `history staging failed: ${String((error as Error).message).slice(0, 200)}`,
        );
        continue;
      }
      const staged = this.store.staged();
      if (
        staged.rows >= this.loadRows ||
        staged.chars >= this.loadChars ||
        this.now() - staged.since >= this.loadDelayMs
      )
        await this.loadStaged();
    }
    this.armLoadTimer();
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
