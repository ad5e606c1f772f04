/**
 * The history's one table and the batches queued for it. A batch reaches DuckDB as CSV text
 * (batch-csv.ts): one native call per batch instead of one per value, which keeps the engine's
 * thread free (an appender costs a native call per value, ~5 µs a log on the engine's thread).
 * The table's columns are those of every earlier build, so their history files open unchanged.
 */
import type { Analysis, LogRecord } from '../contract';

export const TABLE = 'logs';

/** Column order of the table. */
export const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS ${TABLE} (
  t BIGINT NOT NULL,
  ingested BIGINT NOT NULL,
  topic VARCHAR NOT NULL,
  part INTEGER NOT NULL,
  off VARCHAR NOT NULL,
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
