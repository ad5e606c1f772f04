/**
 * The history store: one DuckDB database file in the data folder (`history/logs.duckdb`), one table
 * of analyzed logs. Inserts, searches, per-minute histograms and the logs around an offset. Bounds:
 * `enforceBounds` deletes logs older than the maximum age, then the oldest logs (by arrival) until
 * the database is under its size budget, and checkpoints so the freed blocks are reused (DuckDB
 * reuses free blocks; the file never grows past its high-water mark, which the budget keeps under
 * `maxBytes`). Two connections: the writer's and the readers', so a search never waits on an insert.
 */
import { mkdirSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { setImmediate as yieldTurn } from 'node:timers/promises';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance, DuckDBResult, DuckDBValue } from '@duckdb/node-api';
import { HISTORY_LIMITS, type HistoryLog, type LogHistogram, type LogQueryResult } from '../contract';
import { loadDuckDB } from './duckdb';
import { filterSql, type HistorySearch } from './filter-sql';
import { LOG_COLUMNS, toHistoryLog } from './rows';
import { csvInsertSql } from './batch-csv';
import { CREATE_TABLE, TABLE, valueOf } from './schema';
import { migrateColumns, recoverStaged, type Recovered } from './recovery';
import { CREATE_DICT, DICT_TABLE, dictId, dictInsertSql, ValueDictionary } from './dictionary';

export interface HistoryStoreOptions {
  /** The folder of the database file (created if missing). */
  dir: string;
  maxAgeMs: number;
  maxBytes: number;
  /**
   * DuckDB's threads (default 1). Inserts and searches each run on the libuv thread that calls
   * DuckDB, never on the engine's; more threads only help one statement go parallel, and measured
   * here they cost CPU (idle workers spinning) more than they gave: docs/history.md.
   */
  threads?: number;
  /** DuckDB's memory limit (default 256MB). */
  memoryLimit?: string;
  /**
   * FSST compression of the messages (default off: it costs DuckDB ~0.7 µs a stored log for ~25 %
   * less disk; on only for the side-by-side of `npm run bench -- history-cpu`).
   */
  fsst?: boolean;
  /** Distinct values a column's dictionary codes at most (default `MAX_CODES`, 1,000,000; tests lower it). */
  maxCodes?: number;
}

/** Where a sample came from: the anchor of `around`. */
export interface LogAnchor {
  topic: string;
  partition: number;
  offset: string;
  time?: number;
}

export interface AroundResult {
  anchor: { topic: string; partition: number; offset: string };
  /** False when the history no longer (or never) held the anchor: `logs` are then empty. */
  found: boolean;
  /** Ascending by offset, the anchor included. */
  logs: HistoryLog[];
}

/**
 * The share of `maxBytes` on disk (file and WAL) that triggers deleting, and the share of blocks in
 * use that deleting brings it down to. The margin is DuckDB's: freed blocks are reused but the file
 * keeps its high-water mark, partly filled blocks fragment it, and the WAL grows until a checkpoint
 * (tests/unit/history-store.test.ts fills a small bound and measures the file after every batch).
 */
const HIGH_WATER = 0.5;
const LOW_WATER = 0.35;
export const MAX_AROUND = 500;
/** DuckDBPendingResultState.RESULT_READY (the module itself is loaded on first use: duckdb.ts). */
const RESULT_READY = 0;

/** A database file and its write-ahead log, in bytes, as on disk (the store's and its thread client's). */
export function databaseBytes(file: string): number {
  let bytes = 0;
  for (const f of [file, `${file}.wal`]) {
    try {
      bytes += statSync(f).size;
    } catch {
      // absent (no WAL after a checkpoint)
    }
  }
  return bytes;
}

/** True when the next `enforceBounds` has size work to do (cheap: two stat calls). */
export function overBudget(file: string, maxBytes: number): boolean {
  return databaseBytes(file) > maxBytes * HIGH_WATER;
}

/** Runs one step at a time on a connection (a DuckDB connection runs one statement at a time). */
class Serial {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(step: () => Promise<T>): Promise<T> {
    const next = this.tail.then(step, step);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

export class HistoryStore {
  readonly file: string;
  /** The codes of topics, services, hosts, templates and producers (dictionary.ts), read at open. */
  readonly dictionary: ValueDictionary;

  private readonly writeLock = new Serial();
  private readonly readLock = new Serial();
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    private readonly reader: DuckDBConnection,
    file: string,
    private readonly options: HistoryStoreOptions,
  ) {
    this.file = file;
    this.dictionary = new ValueDictionary(options.maxCodes);
  }

  static async open(options: HistoryStoreOptions): Promise<HistoryStore> {
    const duckdb = await loadDuckDB();
    mkdirSync(options.dir, { recursive: true });
    const file = join(options.dir, 'logs.duckdb');
    const instance = await duckdb.DuckDBInstance.create(file, {
      threads: String(options.threads ?? 1),
      memory_limit: options.memoryLimit ?? '256MB',
      // DuckDB folds its WAL into the file at 16 MB by default: a small budget needs it sooner (at
      // 1/32 of it: coded rows fill a WAL more slowly, and a 12 MB budget passed its bound at 1/16).
      checkpoint_threshold: `${Math.max(256, Math.min(16_384, Math.floor(options.maxBytes / 32 / 1024)))}KB`,
    });
    const writer = await instance.connect();
    // No FSST for the messages: it cost DuckDB ~0.7 of its ~3.6 µs a stored log and saves ~25 % of
    // the disk (docs/history.md). A setting given at create time is ignored silently: SET it.
    if (options.fsst !== true) await writer.run("SET disabled_compression_methods = 'fsst'");
    await writer.run(CREATE_TABLE);
    await writer.run(CREATE_DICT);
    await migrateColumns(writer);
    const reader = await instance.connect();
    const store = new HistoryStore(instance, writer, reader, file, options);
    store.recovered = await recoverStaged(writer, options.dir);
    const entries = await writer.runAndReadAll(`SELECT col, code, value FROM ${DICT_TABLE}`);
    for (const [col, code, value] of entries.getRows())
      store.dictionary.restore(Number(col), Number(code), String(value));
    return store;
  }

  /** What `recoverStaged` (recovery.ts) loaded at open of what a stop left staged. */
  recovered: Recovered = { rows: 0, lost: false };

  /**
   * Runs one writer statement on the calling thread: DuckDB's pending API executes its tasks where
   * `runTask` is called (one DuckDB thread: there are no others), a turn of the event loop between
   * tasks so messages are not held up. The history's thread (history-thread.ts) runs at a lower
   * priority than analysis, so its writes do too; `run` would execute them on libuv's pool.
   * An INSERT or DELETE goes inside `BEGIN`/`COMMIT` run the same way: a statement that commits on its
   * own does the commit's work (its WAL, compression) in `getResult`, back on the pool.
   */
  private async exec(sql: string, params?: DuckDBValue[]): Promise<DuckDBResult> {
    const pending = await this.writer.start(sql, params);
    while ((pending.runTask() as number) !== RESULT_READY) await yieldTurn();
    return pending.getResult();
  }

  /** `statement` between BEGIN and COMMIT, all run by `exec` (ROLLBACK if it fails). */
  private async transaction(statement: () => Promise<number>): Promise<number> {
    await this.exec('BEGIN TRANSACTION');
    try {
      const changed = await statement();
      await this.exec('COMMIT');
      return changed;
    } catch (error) {
      await this.exec('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /**
   * Loads staging files (core/history/writer.ts), in order, in one statement of DuckDB's CSV reader,
   * then removes them, whether the load worked or not (a bad file must not block the history; the
   * writer counts its rows as dropped). One large insert costs DuckDB far less per row than many
   * small ones, and one of whole row groups less again: DuckDB writes them straight to the
   * database file, compressed, instead of logging every row in its WAL and compressing them at the
   * next checkpoint (docs/history.md).
   */
  loadFiles(paths: readonly string[], dictPaths: readonly string[] = []): Promise<number> {
    if (paths.length === 0 && dictPaths.length === 0) return Promise.resolve(0);
    return this.writeLock.run(async () => {
      try {
        return await this.transaction(async () => {
          // The dictionary's new entries in the same transaction as the rows that use them.
          if (dictPaths.length > 0) await this.exec(dictInsertSql(dictPaths));
          return paths.length === 0 ? 0 : (await this.exec(csvInsertSql(paths))).rowsChanged;
        });
      } finally {
        await Promise.all([...paths, ...dictPaths].map((path) => rm(path, { force: true })));
      }
    });
  }

  async query(query: HistorySearch): Promise<LogQueryResult> {
    const { where, params, exact, text } = filterSql(query, this.dictionary);
    const limit = Math.min(query.limit ?? HISTORY_LIMITS.queryDefaultRows, HISTORY_LIMITS.queryMaxRows);
    // With an exact filter beside the text, the exact ones narrow the rows first and the text (a
    // case-insensitive match, DuckDB's costliest filter here) only runs on those: measured 2-3x
    // faster over a one-hour window of 250,000 logs. Without one, a plain scan.
    const source =
      text === null
        ? `${TABLE} WHERE ${where}`
        : `(WITH narrowed AS MATERIALIZED (SELECT * FROM ${TABLE} WHERE ${exact}) SELECT * FROM narrowed WHERE ${text})`;
    return this.readLock.run(async () => {
      // One scan: the window count is computed over the matching rows before the limit applies.
      const rows = await this.reader.runAndReadAll(
        `SELECT ${LOG_COLUMNS}, count(*) OVER () AS total FROM ${source}
         ORDER BY t DESC, off_num DESC LIMIT ${limit}`,
        params,
      );
      const all = rows.getRows();
      return {
        logs: all.map((row) => toHistoryLog(row, this.dictionary)),
        total: all.length === 0 ? 0 : Number(all[0]![14]),
      };
    });
  }

  /** Counts per minute of log time by level, for a search without its limit. */
  async histogram(query: Omit<HistorySearch, 'limit'>): Promise<LogHistogram> {
    const bucketMs = 60_000;
    const span = Math.min(query.to - query.from, HISTORY_LIMITS.histogramMaxMinutes * bucketMs);
    const { where, params } = filterSql({ ...query, from: query.to - span }, this.dictionary);
    return this.readLock.run(async () => {
      const result = await this.reader.runAndReadAll(
        `SELECT (t // ${bucketMs}) * ${bucketMs} AS minute, level, count(*) AS n
         FROM ${TABLE} WHERE ${where} GROUP BY ALL ORDER BY minute`,
        params,
      );
      const minutes: number[] = [];
      const index = new Map<number, number>();
      const cells: Array<[number, string, number]> = [];
      for (const [minute, level, n] of result.getRows()) {
        const m = Number(minute);
        if (!index.has(m)) {
          index.set(m, minutes.length);
          minutes.push(m);
        }
        cells.push([index.get(m)!, valueOf('level', level) ?? 'none', Number(n)]);
      }
      const byLevel: Record<string, number[]> = {};
      let total = 0;
      for (const [i, level, n] of cells) {
        (byLevel[level] ??= new Array<number>(minutes.length).fill(0))[i] = n;
        total += n;
      }
      return { bucketMs, minutes, byLevel, total };
    });
  }

  /**
   * The logs of the anchor's topic and partition around its offset: `before` lower offsets, the
   * anchor, `after` higher ones (each at most 500), ascending. The shape of an alert's context when
   * no broker can be read (the demo source).
   */
  async around(anchor: LogAnchor, before: number, after: number): Promise<AroundResult> {
    const head = { topic: anchor.topic, partition: anchor.partition, offset: anchor.offset };
    const offset = /^\d{1,19}$/.test(anchor.offset) ? BigInt(anchor.offset) : null;
    if (offset === null) return { anchor: head, found: false, logs: [] };
    const b = Math.max(0, Math.min(MAX_AROUND, Math.floor(before)));
    const a = Math.max(0, Math.min(MAX_AROUND, Math.floor(after)));
    const params = [BigInt(this.dictionary.find(dictId('topic'), anchor.topic)), anchor.partition, offset];
    const where = 'topic = $1 AND part = $2';
    return this.readLock.run(async () => {
      const rows = await this.reader.runAndReadAll(
        `(SELECT ${LOG_COLUMNS}, off_num FROM ${TABLE} WHERE ${where} AND off_num < $3 ORDER BY off_num DESC LIMIT ${b})
         UNION ALL
         (SELECT ${LOG_COLUMNS}, off_num FROM ${TABLE} WHERE ${where} AND off_num >= $3 ORDER BY off_num LIMIT ${a + 1})
         ORDER BY off_num`,
        params,
      );
      const logs = rows.getRows().map((row) => toHistoryLog(row, this.dictionary));
      const found = logs.some((l) => l.offset === anchor.offset);
      return { anchor: head, found, logs: found ? logs : [] };
    });
  }

  async count(): Promise<number> {
    return this.readLock.run(async () => {
      const r = await this.reader.runAndReadAll(`SELECT count(*) FROM ${TABLE}`);
      return Number(r.getRows()[0]![0]);
    });
  }

  /** The database file and its write-ahead log, in bytes, as on disk. */
  diskBytes(): number {
    return databaseBytes(this.file);
  }

  /** True when the next `enforceBounds` has size work to do. */
  overBudget(): boolean {
    return overBudget(this.file, this.options.maxBytes);
  }

  /** Deletes what is past the age bound, then the oldest logs down to the size budget. */
  enforceBounds(now: number): Promise<number> {
    return this.writeLock.run(async () => {
      let deleted = 0;
      const cutAge = BigInt(Math.floor(now - this.options.maxAgeMs));
      deleted += await this.transaction(
        async () => (await this.exec(`DELETE FROM ${TABLE} WHERE ingested < $1`, [cutAge])).rowsChanged,
      );
      if (deleted > 0 || this.overBudget()) await this.exec('CHECKPOINT');
      for (let round = 0; round < 4 && this.overBudget() && this.usedOver(await this.usedBytes()); round++) {
        const used = await this.usedBytes();
        // Delete the oldest share that brings the used size down to the low-water mark.
        const share = Math.min(1, Math.max(0.05, 1 - (this.options.maxBytes * LOW_WATER) / used));
        const cut = await this.writer.runAndReadAll(
          `SELECT quantile_disc(ingested, ${share}), max(ingested) FROM ${TABLE}`,
        );
        const [first, newest] = cut.getRows()[0]! as [bigint | null, bigint | null];
        let cutoff = first;
        if (cutoff === null || newest === null) break;
        // Never the newest arrival whole (logs stored together share it): what came before it goes.
        if (cutoff >= newest) {
          const older = await this.writer.runAndReadAll(
            `SELECT max(ingested) FROM ${TABLE} WHERE ingested < $1`,
            [newest],
          );
          cutoff = older.getRows()[0]![0] as bigint | null;
          if (cutoff === null) break;
        }
        const last = cutoff;
        deleted += await this.transaction(
          async () => (await this.exec(`DELETE FROM ${TABLE} WHERE ingested <= $1`, [last])).rowsChanged,
        );
        await this.exec('CHECKPOINT');
      }
      return deleted;
    });
  }

  private usedOver(used: number): boolean {
    return used > this.options.maxBytes * LOW_WATER;
  }

  /** Bytes of blocks in use plus the WAL (free blocks are reused before the file grows). */
  private async usedBytes(): Promise<number> {
    const r = await this.writer.runAndReadAll(
      'SELECT block_size, total_blocks, free_blocks FROM pragma_database_size()',
    );
    const [blockSize, total, free] = r.getRows()[0]!.map(Number) as [number, number, number];
    let wal = 0;
    try {
      wal = statSync(`${this.file}.wal`).size;
    } catch {
      // no WAL
    }
    return blockSize * (total - free) + wal;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writeLock.run(async () => {
      await this.writer.run('CHECKPOINT').catch(() => undefined);
    });
    await this.readLock.run(() => Promise.resolve());
    this.writer.closeSync();
    this.reader.closeSync();
    this.instance.closeSync();
  }
}
