/**
 * Types of the parse stage: what `parseMessage` / `parseText` / `parseObject` return, and the
 * data-quality vocabulary shared with the status and the UI.
 */
import type { LogRecord } from '../contract';

/** One message as a log source (Kafka, demo replay) delivers it to the engine. */
export interface RawMessage {
  topic: string;
  partition: number;
  /** Kafka offset as a decimal string (int64 does not fit a JS number). */
  offset: string;
  /** Message timestamp, epoch milliseconds (Kafka CreateTime or LogAppendTime). */
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
}

/**
 * Every way a message can be bad. Each kind is either REJECTED (no record: there is nothing
 * trustworthy to analyze) or ACCEPTED WITH A WARNING (a record is produced and the issue is
 * counted). The rule: reject only when the bytes are not a readable log line at all; when the
 * text is readable and only its structure or encoding is off, analyze what is there and count it.
 * An on-call engineer would rather see a slightly mangled error line than lose it.
 *
 * | kind             | decision | why                                                                           |
 * |------------------|----------|-------------------------------------------------------------------------------|
 * | empty            | reject   | null/zero-length/whitespace-only value: nothing to analyze                     |
 * | oversized        | reject   | over `maxBytes` (default 1 MiB): never decoded; matches the REST rule          |
 * |                  |          | "larger requests are refused, not truncated" — a cut prefix (half a JSON doc,  |
 * |                  |          | half a stack dump) would be analyzed as a misleading template                   |
 * | binary           | reject   | NULs / control chars / undecodable bytes dominate: not text                    |
 * | invalid_utf8     | accept   | decoded with U+FFFD replacements; Latin-1 producers still write readable logs |
 * | nul_bytes        | accept   | a few NULs in otherwise readable text (C-string padding): removed              |
 * | control_chars    | accept   | ANSI colour codes stripped, other C0 controls shown as \xNN                    |
 * | malformed_json   | accept   | starts with `{` but does not parse: analyzed as plain text                     |
 * | too_deep         | accept   | JSON nested deeper than the limit: not parsed, analyzed as plain text          |
 * | wrong_type       | accept   | e.g. message is an object (stringified, bounded), level is an object (null);   |
 * |                  | (reject) | only an analyze-API input that is no string/object at all is rejected          |
 * | fields_truncated | accept   | too many fields, a key or value too long: the excess is dropped or cut         |
 */
export const DATA_QUALITY_KINDS = [
  'empty',
  'oversized',
  'binary',
  'invalid_utf8',
  'nul_bytes',
  'control_chars',
  'malformed_json',
  'too_deep',
  'wrong_type',
  'fields_truncated',
] as const;
export type DataQualityKind = (typeof DATA_QUALITY_KINDS)[number];

/** Kinds that never come with a record. */
export const REJECTED_KINDS: ReadonlySet<DataQualityKind> = new Set(['empty', 'oversized', 'binary']);

export interface DataQualityIssue {
  kind: DataQualityKind;
  /** What is wrong, in words (no raw payload). */
  detail: string;
  /** The start of the offending value: at most 200 chars, control and bidi chars escaped, safe to show. */
  sample: string;
  topic: string;
  partition: number;
  offset: string;
}

/** Where a log came from; a `RawMessage` minus key and value. */
export interface ParseMeta {
  topic: string;
  partition: number;
  offset: string;
  /** Kafka (or arrival) timestamp, epoch ms: the record's time when the log carries none. */
  timestamp: number;
}

export interface ParseOptions {
  /** Values larger than this are rejected as `oversized` without being decoded. Default 1 MiB. */
  maxBytes?: number;
}

export const DEFAULT_MAX_BYTES = 1024 * 1024;

/**
 * The outcome of parsing one message. An accepted record may carry warnings (accepted kinds);
 * the caller counts every issue, in both branches (see `DataQualityTracker.recordOutcome`).
 */
export type ParseOutcome =
  | { ok: true; record: LogRecord; warnings: readonly DataQualityIssue[] }
  | { ok: false; issue: DataQualityIssue };

/** A JSON object (not null, not an array): the shape structured producers nest their values in. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
