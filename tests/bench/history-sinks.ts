/**
 * Other ways of writing the history, for tests/bench/history-cpu.ts to measure beside the real
 * HistoryWriter: the writer's previous encoding (`v1-lists`, one insert per engine batch, each row
 * a JSON list of VARCHARs cast in SQL) and DuckDB's appender fed with data chunks. Both write the
 * same table (core/history/schema.ts) into a database opened with the store's settings, with the
 * same bounded queue (200,000 logs, whole batches dropped when full).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Analysis, LogRecord } from '../../core/contract';
import { loadDuckDB } from '../../core/history/duckdb';
import { MAX_MESSAGE_CHARS, TABLE } from '../../core/history/schema';
import { V1_TABLE } from '../fixtures/history-v1-table';

export interface Batch {
  records: LogRecord[];
  analyses: Analysis[];
  alertIds: Map<number, string> | null;
}

export interface OpenSink {
  offer(batch: Batch, at: number): void;
  flush(): Promise<void>;
  stored(): Promise<number>;
  dropped(): number;
  close(): Promise<void>;
}

export interface Sink {
  name: string;
  open(dir: string): Promise<OpenSink>;
}

type Insert = (connection: DuckDBConnection, batch: Batch, at: number) => Promise<void>;

const cut = (m: string): string => (m.length > MAX_MESSAGE_CHARS ? `${m.slice(0, MAX_MESSAGE_CHARS)}…` : m);
const producerOf = (r: LogRecord): string | null => {
  const p = r.fields['log.producer'];
  return typeof p === 'string' ? p : null;
};

const V1_INSERT = `INSERT INTO ${TABLE}
SELECT r[1]::BIGINT, r[2]::BIGINT, r[3], r[4]::INTEGER, r[5], TRY_CAST(r[5] AS BIGINT), r[6], r[7], r[8],
       r[9], r[10], r[11], r[12], r[13], r[14], r[15]
FROM (SELECT unnest(from_json($1, '[["VARCHAR"]]')) AS r)`;

const v1Insert: Insert = async (connection, batch, at) => {
  const rows: unknown[] = new Array(batch.records.length);
  for (let i = 0; i < batch.records.length; i++) {
    const r = batch.records[i]!;
    const a = batch.analyses[i]!;
    rows[i] = [
      Math.round(r.time),
      at,
      r.topic,
      r.partition,
      r.offset,
      r.service,
      r.host,
      r.level,
      cut(r.message),
      a.templateId,
      a.severity,
      a.category,
      r.format,
      producerOf(r),
      batch.alertIds?.get(i) ?? null,
    ];
  }
  await connection.run(V1_INSERT, [JSON.stringify(rows)]);
};

const COLUMNS_TYPE = JSON.stringify({
  t: 'BIGINT[]',
  topic: 'VARCHAR',
  ingested: 'BIGINT',
  part: 'INTEGER[]',
  off: 'VARCHAR[]',
  service: 'VARCHAR[]',
  host: 'VARCHAR[]',
  level: 'VARCHAR[]',
  message: 'VARCHAR[]',
  template: 'VARCHAR[]',
  severity: 'VARCHAR[]',
  category: 'VARCHAR[]',
  format: 'VARCHAR[]',
  producer: 'VARCHAR[]',
  alert: 'VARCHAR[]',
});
const COLUMNS_INSERT = `INSERT INTO ${TABLE}
SELECT t, j.ingested, j.topic, part, off, TRY_CAST(off AS BIGINT), service, host, level, message, template,
       severity, category, format, producer, alert
FROM (SELECT j, unnest(j.t) AS t, unnest(j.part) AS part, unnest(j.off) AS off, unnest(j.service) AS service,
             unnest(j.host) AS host, unnest(j.level) AS level, unnest(j.message) AS message,
             unnest(j.template) AS template, unnest(j.severity) AS severity, unnest(j.category) AS category,
             unnest(j.format) AS format, unnest(j.producer) AS producer, unnest(j.alert) AS alert
      FROM (SELECT from_json($1, '${COLUMNS_TYPE}') AS j))`;

const columnsInsert: Insert = async (connection, batch, at) => {
  const n = batch.records.length;
  const col = () => new Array<unknown>(n);
  const c = {
    t: col(),
    topic: batch.records[0]!.topic,
    ingested: at,
    part: col(),
    off: col(),
    service: col(),
    host: col(),
    level: col(),
    message: col(),
    template: col(),
    severity: col(),
    category: col(),
    format: col(),
    producer: col(),
    alert: col(),
  };
  for (let i = 0; i < n; i++) {
    const r = batch.records[i]!;
    const a = batch.analyses[i]!;
    c.t[i] = Math.round(r.time);
    c.part[i] = r.partition;
    c.off[i] = r.offset;
    c.service[i] = r.service;
    c.host[i] = r.host;
    c.level[i] = r.level;
    c.message[i] = cut(r.message);
    c.template[i] = a.templateId;
    c.severity[i] = a.severity;
    c.category[i] = a.category;
    c.format[i] = r.format;
    c.producer[i] = producerOf(r);
    c.alert[i] = batch.alertIds?.get(i) ?? null;
  }
  await connection.run(COLUMNS_INSERT, [JSON.stringify(c)]);
};

async function appenderInsert(connection: DuckDBConnection, batch: Batch, at: number): Promise<void> {
  const duckdb = await loadDuckDB();
  const { BIGINT, INTEGER, VARCHAR } = duckdb;
  const types = [
    BIGINT,
    BIGINT,
    VARCHAR,
    INTEGER,
    VARCHAR,
    BIGINT,
    ...new Array<typeof VARCHAR>(10).fill(VARCHAR),
  ];
  const appender = await connection.createAppender(TABLE);
  const size = 2048;
  for (let start = 0; start < batch.records.length; start += size) {
    const n = Math.min(size, batch.records.length - start);
    const chunk = duckdb.DuckDBDataChunk.create(types, n);
    const cols: Array<Array<string | number | bigint | null>> = types.map(
      () => new Array<string | number | bigint | null>(n),
    );
    for (let j = 0; j < n; j++) {
      const r = batch.records[start + j]!;
      const a = batch.analyses[start + j]!;
      const row = [
        BigInt(Math.round(r.time)),
        BigInt(at),
        r.topic,
        r.partition,
        r.offset,
        /^\d{1,18}$/.test(r.offset) ? BigInt(r.offset) : null,
        r.service,
        r.host,
        r.level,
        cut(r.message),
        a.templateId,
        a.severity,
        a.category,
        r.format,
        producerOf(r),
        batch.alertIds?.get(start + j) ?? null,
      ];
      for (let c = 0; c < row.length; c++) cols[c]![j] = row[c]!;
    }
    chunk.setColumns(cols);
    appender.appendDataChunk(chunk);
  }
  appender.flushSync();
  appender.closeSync();
}

interface SinkOptions {
  /** Rows gathered into one insert at most (whole batches), waiting at most `maxWaitMs` for them. */
  maxRows?: number;
  maxWaitMs?: number;
  /** DuckDB settings beside the store's. */
  settings?: Record<string, string>;
}

/** Several engine batches as one (records and analyses concatenated, alert ids re-indexed). */
function merge(batches: Batch[]): Batch {
  if (batches.length === 1) return batches[0]!;
  const records: LogRecord[] = [];
  const analyses: Analysis[] = [];
  const alertIds = new Map<number, string>();
  for (const b of batches) {
    const base = records.length;
    for (let i = 0; i < b.records.length; i++) {
      records.push(b.records[i]!);
      analyses.push(b.analyses[i]!);
    }
    b.alertIds?.forEach((id, i) => alertIds.set(base + i, id));
  }
  return { records, analyses, alertIds };
}

function queuedSink(name: string, insert: Insert, options: SinkOptions = {}): Sink {
  const maxRows = options.maxRows ?? 0;
  const maxWaitMs = options.maxWaitMs ?? 0;
  return {
    name,
    async open(dir) {
      const duckdb = await loadDuckDB();
      const instance = await duckdb.DuckDBInstance.create(`${dir}/logs.duckdb`, {
        threads: '2',
        memory_limit: '256MB',
        checkpoint_threshold: '16384KB',
        ...options.settings,
      });
      const connection = await instance.connect();
      await connection.run(V1_TABLE);
      const queue: Array<{ batch: Batch; at: number; since: number }> = [];
      let queued = 0;
      let dropped = 0;
      let running: Promise<void> | null = null;
      let timer: NodeJS.Timeout | null = null;
      let flushing = false;
      const ready = (): boolean =>
        queue.length > 0 &&
        (flushing || queued >= maxRows || performance.now() - queue[0]!.since >= maxWaitMs);
      const kick = (): void => {
        if (running || queue.length === 0) return;
        if (!ready()) {
          timer ??= setTimeout(() => {
            timer = null;
            kick();
          }, maxWaitMs);
          return;
        }
        running = (async () => {
          const taken: Array<{ batch: Batch; at: number }> = [];
          let rows = 0;
          do {
            const next = queue.shift()!;
            taken.push(next);
            rows += next.batch.records.length;
          } while (queue.length > 0 && rows + queue[0]!.batch.records.length <= maxRows);
          queued -= rows;
          await insert(connection, merge(taken.map((t) => t.batch)), taken[0]!.at);
        })().finally(() => {
          running = null;
          kick();
        });
      };
      const drain = async (): Promise<void> => {
        flushing = true;
        kick();
        while (running || queue.length > 0) {
          await running;
          kick();
        }
        flushing = false;
      };
      return {
        offer(batch, at) {
          if (queued + batch.records.length > 200_000) {
            dropped += batch.records.length;
            return;
          }
          queued += batch.records.length;
          queue.push({ batch, at, since: performance.now() });
          kick();
        },
        flush: drain,
        async stored() {
          const r = await connection.runAndReadAll(`SELECT count(*) FROM ${TABLE}`);
          return Number(r.getRows()[0]![0]);
        },
        dropped: () => dropped,
        async close() {
          await drain();
          if (timer) clearTimeout(timer);
          await connection.run('CHECKPOINT');
          connection.closeSync();
          instance.closeSync();
        },
      };
    },
  };
}

export const v1Sink = queuedSink('v1-lists', v1Insert);
export const columnsSink = queuedSink('columns', columnsInsert);
export const appenderSink = queuedSink('appender', appenderInsert);
export const coalescedSink = queuedSink('v1-coalesced-20k', v1Insert, { maxRows: 20_000, maxWaitMs: 250 });
export const coalescedBigSink = queuedSink('v1-coalesced-130k', v1Insert, {
  maxRows: 130_000,
  maxWaitMs: 2500,
});
export const settingsSink = queuedSink('v1-threads1-unordered', v1Insert, {
  settings: { threads: '1', preserve_insertion_order: 'false' },
});
