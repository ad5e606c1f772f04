/**
 * Picks the rows of a processed batch that the live tail shows. At full rate the UI cannot show
 * every log, so each batch contributes a bounded sample: every non-info log first (they are what
 * an on-call engineer scans for), then the most recent info logs. The rest are counted as dropped.
 */
import type { Analysis, LiveLog, LogRecord } from '../contract';

const MAX_MESSAGE_CHARS = 2000;

function row(record: LogRecord, analysis: Analysis): LiveLog {
  return {
    time: record.time,
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    service: record.service,
    level: record.level,
    message:
      record.message.length > MAX_MESSAGE_CHARS
        ? `${record.message.slice(0, MAX_MESSAGE_CHARS)}…`
        : record.message,
    templateId: analysis.templateId,
    severity: analysis.severity,
    category: analysis.category,
    host: record.host,
    format: record.format,
    producer: typeof record.fields['log.producer'] === 'string' ? record.fields['log.producer'] : null,
    error: record.error ?? null,
  };
}

export function sampleLiveTail(
  records: readonly LogRecord[],
  analyses: readonly Analysis[],
  max: number,
): { rows: LiveLog[]; dropped: number } {
  const rows: LiveLog[] = [];
  const chosen = new Uint8Array(records.length);
  for (let i = 0; i < records.length && rows.length < max; i++) {
    if (analyses[i]!.severity !== 'info') {
      chosen[i] = 1;
      rows.push(row(records[i]!, analyses[i]!));
    }
  }
  for (let i = records.length - 1; i >= 0 && rows.length < max; i--) {
    if (!chosen[i]) {
      chosen[i] = 1;
      rows.push(row(records[i]!, analyses[i]!));
    }
  }
  rows.sort((a, b) => a.time - b.time);
  return { rows, dropped: records.length - rows.length };
}
