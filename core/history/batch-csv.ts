/**
 * How a batch of analyzed logs reaches DuckDB: as CSV text in a staging file that DuckDB's CSV
 * reader loads with its columns and types given (no sniffing). Measured side by side with the
 * earlier encoding (one JSON text per batch, a VARCHAR list per row, parsed with `from_json` and
 * cast in SQL) by `npm run bench -- history-cpu`: the JSON route cost DuckDB ~8-10 µs a log of
 * parsing on its threads, the CSV reader a fraction of it (docs/history.md has the figures).
 * Every text field is quoted (`"` doubled), so commas, quotes and line breaks in a message (a Java
 * stack trace) stay inside its field; an empty unquoted field is SQL NULL (`allow_quoted_nulls`
 * off keeps a quoted empty string an empty string). NUL characters, which DuckDB's CSV reader
 * refuses, are stored as U+FFFD.
 */
import type { LogRecord } from '../contract';
import type { HistoryBatch } from './schema';
import { MAX_MESSAGE_CHARS, TABLE } from './schema';

const QUOTE = /"/g;
// eslint-disable-next-line no-control-regex
const NUL = /\u0000/g;

/** A text field, quoted; null as an empty unquoted field. */
function field(value: string | null): string {
  if (value === null) return '';
  let v = value.includes('"') ? value.replace(QUOTE, '""') : value;
  if (v.includes('\u0000')) v = v.replace(NUL, '\uFFFD');
  return `"${v}"`;
}

const producerOf = (r: LogRecord): string | null => {
  const p = r.fields['log.producer'];
  return typeof p === 'string' ? p : null;
};

/** The batch as CSV rows in the column order of `csvInsertSql` (one line per log, `\n` ended). */
export function batchCsv(batch: HistoryBatch): string {
  const parts = new Array<string>(batch.records.length);
  const ingested = Math.round(batch.ingested);
  for (let i = 0; i < batch.records.length; i++) {
    const r = batch.records[i]!;
    const a = batch.analyses[i]!;
    const message =
      r.message.length > MAX_MESSAGE_CHARS ? `${r.message.slice(0, MAX_MESSAGE_CHARS)}…` : r.message;
    parts[i] =
      `${Math.round(r.time)},${ingested},${field(r.topic)},${r.partition},${field(r.offset)},` +
      `${field(r.service)},${field(r.host)},${field(r.level)},${field(message)},${field(a.templateId)},` +
      `${field(a.severity)},${field(a.category)},${field(r.format)},${field(producerOf(r))},` +
      `${field(batch.alertIds?.get(i) ?? null)}\n`;
  }
  return parts.join('');
}

const CSV_COLUMNS = `{'t': 'BIGINT', 'ingested': 'BIGINT', 'topic': 'VARCHAR', 'part': 'INTEGER',
  'off': 'VARCHAR', 'service': 'VARCHAR', 'host': 'VARCHAR', 'level': 'VARCHAR', 'message': 'VARCHAR',
  'template_id': 'VARCHAR', 'severity': 'VARCHAR', 'category': 'VARCHAR', 'format': 'VARCHAR',
  'producer': 'VARCHAR', 'alert_id': 'VARCHAR'}`;

/** The INSERT that loads one staging file written from `batchCsv` (the path is quoted for SQL). */
export function csvInsertSql(path: string): string {
  const file = `'${path.replace(/'/g, "''")}'`;
  return `INSERT INTO ${TABLE}
SELECT t, ingested, topic, part, off, TRY_CAST(off AS BIGINT), service, host, level, message, template_id,
       severity, category, format, producer, alert_id
FROM read_csv(${file}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"',
              new_line = '\\n', allow_quoted_nulls = false, strict_mode = true, parallel = false,
              columns = ${CSV_COLUMNS})`;
}
