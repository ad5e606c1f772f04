/**
 * The history's one table and the batches queued for it. A batch reaches DuckDB as CSV text
 * (batch-csv.ts): one native call per batch instead of one per value, which keeps the engine's
 * thread free (an appender costs a native call per value, ~5 µs a log on the engine's thread).
 * The offset is kept as a number only (`off_num`; Kafka's offsets are decimal digits): builds before
 * 2026-12-05 also kept its text (`off`), which cost DuckDB ~0.35 µs a log to store and 10 % of the
 * disk; `LEGACY_COLUMNS` are dropped from their files at open (store.ts).
 */
import type { Analysis, LogRecord } from '../contract';

export const TABLE = 'logs';

/** Column order of the table. */
export const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS ${TABLE} (
  t BIGINT NOT NULL,
  ingested BIGINT NOT NULL,
  topic VARCHAR NOT NULL,
  part INTEGER NOT NULL,
  off_num BIGINT,
  service VARCHAR,
  host VARCHAR,
  level VARCHAR,
  message VARCHAR NOT NULL,
  template_id VARCHAR NOT NULL,
  severity VARCHAR NOT NULL,
  category VARCHAR NOT NULL,
  format VARCHAR NOT NULL,
  producer VARCHAR,
  alert_id VARCHAR
)`;

/** Columns of earlier builds' tables that this one drops at open. */
export const LEGACY_COLUMNS = ['off'] as const;

/** Messages longer than this are stored cut, with an ellipsis (the live tail cuts at 2,000). */
export const MAX_MESSAGE_CHARS = 8000;

/** One queued batch: the engine's own arrays, referenced, not copied. */
export interface HistoryBatch {
  records: readonly LogRecord[];
  analyses: readonly Analysis[];
  /** Alert id per record index, where a log raised or joined an alert. */
  alertIds: ReadonlyMap<number, string> | null;
  ingested: number;
}
