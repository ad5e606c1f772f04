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

/**
 * The closed vocabularies stored as codes (UTINYINT: the value's index here) instead of text: DuckDB
 * stores a small number for less than a repeated string (~0.3 µs a log for these four, measured on
 * DuckDB alone: docs/history.md). A stored code's meaning never changes: these lists only grow at
 * their end (tests/unit/history-csv.test.ts pins them and checks they hold every contract value).
 * Earlier builds (to 2026-12-05) stored the text: their columns are converted at open (store.ts).
 */
export const CODED_COLUMNS = {
  level: ['fatal', 'error', 'warn', 'info', 'debug', 'trace'],
  severity: ['error', 'warning', 'info'],
  category: ['security', 'performance', 'system', 'network', 'application', 'normal'],
  format: ['json', 'logfmt', 'syslog3164', 'syslog5424', 'plain'],
} as const satisfies Record<string, readonly string[]>;

export type CodedColumn = keyof typeof CODED_COLUMNS;

/** What a value outside a list is stored as (none in a valid record): as `rows.ts` reads an unknown code. */
export const CODED_FALLBACK: Record<CodedColumn, string | null> = {
  level: null,
  severity: 'info',
  category: 'normal',
  format: 'plain',
};

/** A coded column's code for a value (null stays null). */
export function codeOf(column: CodedColumn, value: string | null): number | null {
  if (value === null) return null;
  const list = CODED_COLUMNS[column] as readonly string[];
  const code = list.indexOf(value);
  if (code !== -1) return code;
  const fallback = CODED_FALLBACK[column];
  return fallback === null ? null : list.indexOf(fallback);
}

/** A stored code as its value (a code past the list, from a later build, reads as the fallback). */
export function valueOf(column: CodedColumn, code: unknown): string | null {
  if (code === null || code === undefined) return null;
  return (CODED_COLUMNS[column] as readonly string[])[Number(code)] ?? CODED_FALLBACK[column];
}

/**
 * The table: topic, service, host, template and producer are codes into the dictionary table
 * (dictionary.ts), level, severity, category and format codes of their lists (`CODED_COLUMNS`).
 * Inserts name their columns: a file converted from an earlier build has them in another order.
 */
export const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS ${TABLE} (
  t BIGINT NOT NULL,
  ingested BIGINT NOT NULL,
  topic INTEGER,
  part INTEGER NOT NULL,
  off_num BIGINT,
  service INTEGER,
  host INTEGER,
  level UTINYINT,
  message VARCHAR NOT NULL,
  template_id INTEGER,
  severity UTINYINT NOT NULL,
  category UTINYINT NOT NULL,
  format UTINYINT NOT NULL,
  producer INTEGER,
  alert_id VARCHAR
)`;

/** The columns in the order of the staged CSV's fields (csvInsertSql). */
export const COLUMN_NAMES =
  't, ingested, topic, part, off_num, service, host, level, message, template_id, severity, category, format, producer, alert_id';

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
