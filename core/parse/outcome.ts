/**
 * How the parse stage answers: a record (with its warnings as data-quality issues) or a rejection,
 * and the one place a `LogRecord` is assembled. Used by parse.ts for every format.
 */
import type { FieldValue, LogError, LogFormat, LogLevel, LogRecord } from '../contract';
import { exceptionFromTrace, looksLikeStackTrace } from './exception';
import { safeSample } from './sample';
import type { BuildWarning } from './structured';
import type { DataQualityIssue, ParseMeta, ParseOutcome } from './types';

const NO_ISSUES: readonly DataQualityIssue[] = Object.freeze([]);

/** The text an issue's sample is cut from; a function when producing it costs something. */
export type SampleSource = string | (() => string);

function issue(warning: BuildWarning, meta: ParseMeta, sampleSource: SampleSource): DataQualityIssue {
  return {
    kind: warning.kind,
    detail: warning.detail,
    sample: safeSample(typeof sampleSource === 'string' ? sampleSource : sampleSource()),
    topic: meta.topic,
    partition: meta.partition,
    offset: meta.offset,
  };
}

export function reject(warning: BuildWarning, meta: ParseMeta, sampleSource: SampleSource): ParseOutcome {
  return { ok: false, issue: issue(warning, meta, sampleSource) };
}

export function accept(
  record: LogRecord,
  warnings: BuildWarning[],
  meta: ParseMeta,
  sampleSource: SampleSource,
): ParseOutcome {
  if (warnings.length === 0) return { ok: true, record, warnings: NO_ISSUES };
  const source = typeof sampleSource === 'string' ? sampleSource : sampleSource();
  return { ok: true, record, warnings: warnings.map((w) => issue(w, meta, source)) };
}

export function makeRecord(
  meta: ParseMeta,
  format: LogFormat,
  time: number | null,
  level: LogLevel | null,
  service: string | null,
  host: string | null,
  message: string,
  fields: Record<string, FieldValue>,
  error: LogError | null,
): LogRecord {
  return {
    // kafkajs reports -1 when a message has no timestamp: arrival time is the honest fallback.
    time: time ?? (meta.timestamp > 0 ? meta.timestamp : Date.now()),
    topic: meta.topic,
    partition: meta.partition,
    offset: meta.offset,
    service,
    host,
    level,
    message,
    fields,
    format,
    // A trace inside the message (a Java/Python/Go stack sent as one message) is read when the
    // log's own error keys said nothing; the newline test keeps one-line logs free of any scan.
    error:
      error ??
      (message.indexOf('\n') > 0 && looksLikeStackTrace(message) ? exceptionFromTrace(message) : null),
  };
}
