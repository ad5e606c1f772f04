/**
 * How a batch of analyzed logs reaches DuckDB: as CSV text in a staging file that DuckDB's CSV
 * reader loads with its columns and types given (no sniffing). Measured side by side with the
 * earlier encoding (one JSON text per batch, a VARCHAR list per row, parsed with `from_json` and
 * cast in SQL) by `npm run bench -- history-cpu`: the JSON route cost DuckDB ~8-10 µs a log of
 * parsing on its threads, the CSV reader a fraction of it (docs/history.md has the figures).
 * The history's thread makes the text from a batch's columns (batch-columns.ts `columnsCsv`).
 * Every text field is quoted (`"` doubled), so commas, quotes and line breaks in a message (a Java
 * stack trace) stay inside its field; an empty unquoted field is SQL NULL (`allow_quoted_nulls`
 * off keeps a quoted empty string an empty string). NUL characters, which DuckDB's CSV reader
 * refuses, are stored as U+FFFD. The repeated values are codes (schema.ts, dictionary.ts).
 */
import { COLUMN_NAMES, TABLE } from './schema';

const CSV_COLUMNS = `{'t': 'BIGINT', 'ingested': 'BIGINT', 'topic': 'INTEGER', 'part': 'INTEGER',
  'off': 'VARCHAR', 'service': 'INTEGER', 'host': 'INTEGER', 'level': 'UTINYINT', 'message': 'VARCHAR',
  'template_id': 'INTEGER', 'severity': 'UTINYINT', 'category': 'UTINYINT', 'format': 'UTINYINT',
  'producer': 'INTEGER', 'alert_id': 'VARCHAR'}`;

/**
 * DuckDB's CSV reader over staged files, in order (the paths quoted for SQL), with the columns and
 * types given (no sniffing): the one way the history reads what it staged. `skipBad`: rows DuckDB
 * cannot read are skipped instead of failing the load (recovering a file a stop tore in a row).
 */
export function readCsvSql(paths: string | readonly string[], columns: string, skipBad = false): string {
  const quote = (path: string): string => `'${path.replace(/'/g, "''")}'`;
  const file = typeof paths === 'string' ? quote(paths) : `[${paths.map(quote).join(', ')}]`;
  return `read_csv(${file}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"',
              new_line = '\\n', allow_quoted_nulls = false, strict_mode = true, parallel = false,${skipBad ? ' ignore_errors = true,' : ''}
              columns = ${columns})`;
}

/** The INSERT that loads staging files written from `columnsCsv`, in order (`skipBad`: `readCsvSql`). */
export function csvInsertSql(paths: string | readonly string[], skipBad = false): string {
  return `INSERT INTO ${TABLE} (${COLUMN_NAMES})
SELECT t, ingested, topic, part, TRY_CAST(off AS BIGINT), service, host, level, message, template_id,
       severity, category, format, producer, alert_id
FROM ${readCsvSql(paths, CSV_COLUMNS, skipBad)}`;
}
