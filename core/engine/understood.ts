/** The normalised record an analyze result (or a context log) shows beside its analysis. */
import type { AnalyzedRecord, LogRecord } from '../contract';

export function understood(record: LogRecord): AnalyzedRecord {
  const producer = record.fields['log.producer'];
  return {
    time: record.time,
    service: record.service,
    host: record.host,
    level: record.level,
    message: record.message,
    format: record.format,
    producer: typeof producer === 'string' ? producer : null,
    error: record.error ?? null,
  };
}
