/**
 * The history's one table and how a batch of analyzed logs becomes rows. A batch is handed to
 * DuckDB as ONE JSON text (an array of row arrays) that DuckDB parses on its own threads
 * (`from_json`): one native call per batch instead of one per value, which is what keeps the
 * engine's thread free (an appender call per value cost ~1 µs each, 14 per log).
 */
import type { Analysis, LogRecord } from '../contract';

export const TABLE = 'logs';

/** Column order of the table and of each JSON row. */
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

/** The INSERT that reads one batch's JSON text ($1). `r[i]` are 1-based JSON values as text. */
export const INSERT_BATCH = `INSERT INTO ${TABLE}
SELECT r[1]::BIGINT, r[2]::BIGINT, r[3], r[4]::INTEGER, r[5], TRY_CAST(r[5] AS BIGINT), r[6], r[7], r[8],
       r[9], r[10], r[11], r[12], r[13], r[14], r[15]
FROM (SELECT unnest(from_json($1, '[["VARCHAR"]]')) AS r)`;

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

/** The batch as the JSON text INSERT_BATCH reads. */
export function batchJson(batch: HistoryBatch): string {
  const rows: unknown[] = new Array(batch.records.length);
  for (let i = 0; i < batch.records.length; i++) {
    const r = batch.records[i]!;
    const a = batch.analyses[i]!;
    const producer = r.fields['log.producer'];
    rows[i] = [
      Math.round(r.time),
      batch.ingested,
      r.topic,
      r.partition,
      r.offset,
      r.service,
      r.host,
      r.level,
      r.message.length > MAX_MESSAGE_CHARS ? `${r.message.slice(0, MAX_MESSAGE_CHARS)}…` : r.message,
      a.templateId,
      a.severity,
      a.category,
      r.format,
      typeof producer === 'string' ? producer : null,
      batch.alertIds?.get(i) ?? null,
    ];
  }
  return JSON.stringify(rows);
}
