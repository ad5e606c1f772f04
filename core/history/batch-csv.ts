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
import { columnsCsv, encodeBatch } from './batch-columns';
import type { HistoryBatch } from './schema';
import { TABLE } from './schema';

/**
 * The batch as CSV rows in the column order of `csvInsertSql` (one line per log, `\n` ended): the
 * columns of batch-columns.ts turned into text, the one way the history's CSV is made. The writer
 * posts the columns and the history's thread makes the text; a standalone engine's other threads
 * (issue 19) make it on their own thread with this.
 */
export function batchCsv(batch: HistoryBatch): string {
  return columnsCsv(encodeBatch(batch)).toString('utf8');
}

const CSV_COLUMNS = `{'t': 'BIGINT', 'ingested': 'BIGINT', 'topic': 'VARCHAR', 'part': 'INTEGER',
  'off': 'VARCHAR', 'service': 'VARCHAR', 'host': 'VARCHAR', 'level': 'VARCHAR', 'message': 'VARCHAR',
  'template_id': 'VARCHAR', 'severity': 'VARCHAR', 'category': 'VARCHAR', 'format': 'VARCHAR',
  'producer': 'VARCHAR', 'alert_id': 'VARCHAR'}`;

/**
 * The INSERT that loads staging files written from `batchCsv`, in order (the paths are quoted for
 * SQL). `skipBad`: rows DuckDB cannot read are skipped instead of failing the load (recovering a
 * file a stop tore in the middle of a row).
 */
export function csvInsertSql(paths: string | readonly string[], skipBad = false): string {
  const quote = (path: string): string => `'${path.replace(/'/g, "''")}'`;
  const file = typeof paths === 'string' ? quote(paths) : `[${paths.map(quote).join(', ')}]`;
  return `INSERT INTO ${TABLE}
SELECT t, ingested, topic, part, TRY_CAST(off AS BIGINT), service, host, level, message, template_id,
       severity, category, format, producer, alert_id
FROM read_csv(${file}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"',
              new_line = '\\n', allow_quoted_nulls = false, strict_mode = true, parallel = false,${skipBad ? ' ignore_errors = true,' : ''}
              columns = ${CSV_COLUMNS})`;
}
