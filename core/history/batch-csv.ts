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
import type { HistoryBatch } from './schema';
import { MAX_MESSAGE_CHARS, TABLE } from './schema';

const QUOTE = /"/g;
// eslint-disable-next-line no-control-regex
const NUL = /\u0000/g;

/** Distinct repeated values quoted once per batch, at most. */
const MAX_QUOTED = 4096;

/** A text field, quoted; null as an empty unquoted field. */
function field(value: string | null): string {
  if (value === null) return '';
  let v = value.includes('"') ? value.replace(QUOTE, '""') : value;
  if (v.includes('\u0000')) v = v.replace(NUL, '\uFFFD');
  return `"${v}"`;
}

/**
 * The batch as CSV rows in the column order of `csvInsertSql` (one line per log, `\n` ended).
 * Built on the engine's thread, so kept cheap: the fields that repeat from log to log (topic,
 * service, host, level, template, severity, category, format, producer) are quoted once per batch
 * and reused; measured 2.3 → 1.5 µs a log with the text's encoding (docs/history.md).
 */
export function batchCsv(batch: HistoryBatch): string {
  const quoted = new Map<string, string>();
  const repeated = (value: string | null): string => {
    if (value === null) return '';
    let q = quoted.get(value);
    if (q === undefined) {
      q = field(value);
      if (quoted.size < MAX_QUOTED) quoted.set(value, q);
    }
    return q;
  };
  const ingested = `,${Math.round(batch.ingested)},`;
  const alertIds = batch.alertIds;
  let out = '';
  for (let i = 0; i < batch.records.length; i++) {
    const r = batch.records[i]!;
    const a = batch.analyses[i]!;
    const message =
      r.message.length > MAX_MESSAGE_CHARS ? `${r.message.slice(0, MAX_MESSAGE_CHARS)}…` : r.message;
    const producer = r.fields['log.producer'];
    out +=
      Math.round(r.time) +
      ingested +
      repeated(r.topic) +
      ',' +
      r.partition +
      ',' +
      field(r.offset) +
      ',' +
      repeated(r.service) +
      ',' +
      repeated(r.host) +
      ',' +
      repeated(r.level) +
      ',' +
      field(message) +
      ',' +
      repeated(a.templateId) +
      ',' +
      repeated(a.severity) +
      ',' +
      repeated(a.category) +
      ',' +
      repeated(r.format) +
      ',' +
      repeated(typeof producer === 'string' ? producer : null) +
      ',' +
      (alertIds === null ? '' : field(alertIds.get(i) ?? null)) +
      '\n';
  }
  return out;
}

const CSV_COLUMNS = `{'t': 'BIGINT', 'ingested': 'BIGINT', 'topic': 'VARCHAR', 'part': 'INTEGER',
  'off': 'VARCHAR', 'service': 'VARCHAR', 'host': 'VARCHAR', 'level': 'VARCHAR', 'message': 'VARCHAR',
  'template_id': 'VARCHAR', 'severity': 'VARCHAR', 'category': 'VARCHAR', 'format': 'VARCHAR',
  'producer': 'VARCHAR', 'alert_id': 'VARCHAR'}`;

/**
 * The INSERT that loads one staging file written from `batchCsv` (the path is quoted for SQL).
 * `skipBad`: rows DuckDB cannot read are skipped instead of failing the load (recovering a file a
 * stop tore in the middle of a row).
 */
export function csvInsertSql(path: string, skipBad = false): string {
  const file = `'${path.replace(/'/g, "''")}'`;
  return `INSERT INTO ${TABLE}
SELECT t, ingested, topic, part, off, TRY_CAST(off AS BIGINT), service, host, level, message, template_id,
       severity, category, format, producer, alert_id
FROM read_csv(${file}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"',
              new_line = '\\n', allow_quoted_nulls = false, strict_mode = true, parallel = false,${skipBad ? ' ignore_errors = true,' : ''}
              columns = ${CSV_COLUMNS})`;
}
