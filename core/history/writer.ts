/**
 * The history's writer: the engine hands each analyzed batch to `offer` (the engine's own arrays,
 * referenced, never copied) and moves on; a drain loop turns queued batches into one CSV text each
 * (batch-csv.ts) and inserts them on DuckDB's threads. The queue is bounded by logs: when the writer falls behind
 * and the queue is full, the newest batch is dropped and counted (`dropped`, and health says so),
 * so analysis and offset commits never wait on the history. Alerts keep their own journal
 * (core/alerts), so at-least-once delivery of alerts does not depend on this store.
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
  now?: () => number;
}

/** A batch's CSV text (batch-csv.ts) built on another thread, and how many logs it holds. */
interface PrebuiltBatch {
  csv: string;
  logs: number;
}

const logsOf = (batch: HistoryBatch | PrebuiltBatch): number =>
  'csv' in batch ? batch.logs : batch.records.length;

/** How long a drop stays in health after it happened. */
const DROP_REASON_MS = 5 * 60_000;

export class HistoryWriter {
  /** Analyzed batches, or CSV text another engine thread built (issue 19: standalone `workers: N`). */
  private readonly queue: Array<HistoryBatch | PrebuiltBatch> = [];
  private queuedLogs = 0;
  private readonly maxQueued: number;
  private readonly enforceEveryMs: number;
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
    this.now = options.now ?? Date.now;
  }

  static async open(options: HistoryWriterOptions): Promise<HistoryWriter> {
    const store = await HistoryStore.open(options);
    const writer = new HistoryWriter(store, options);
    writer.stored = await store.count();
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

  /**
   * Queues a batch whose CSV text another engine thread built with `batchCsv` (issue 19: a standalone
   * engine's other threads; the serialization stays off this thread). Bounded and counted as `offer`.
   */
  offerCsv(csv: string, logs: number): void {
    if (this.closing || logs <= 0) return;
    if (this.queuedLogs + logs > this.maxQueued) {
      this.dropped += logs;
      this.lastDropAt = this.now();
      return;
    }
    this.queue.push({ csv, logs });
    this.queuedLogs += logs;
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

  /** Resolves when everything queued so far is stored. */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    // Let the engine finish its batch (events, commit) before the first serialization.
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (let batch = this.queue.shift(); batch; batch = this.queue.shift()) {
      const logs = logsOf(batch);
      this.queuedLogs -= logs;
      try {
        await this.store.insert('csv' in batch ? batch.csv : batchCsv(batch));
        this.stored += logs;
        this.failure = null;
      } catch (error) {
        this.dropped += logs;
        this.lastDropAt = this.now();
        this.failure = `history write failed: ${String((error as Error).message).slice(0, 200)}`;
      }
      const now = this.now();
      if (now - this.lastEnforced >= this.enforceEveryMs || this.store.overBudget()) await this.enforce(now);
    }
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
    await this.store.close();
  }
}
