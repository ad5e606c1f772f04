import type { AnalyzedRecord, LogRecord } from '../contract';

/** The normalised record an analyze result shows beside its analysis. */
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
