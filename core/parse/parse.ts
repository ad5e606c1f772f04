/**
 * The parse stage's entry points: every Kafka message value (`parseMessage`), every string
 * (`parseText`) and every object given to the analyze API (`parseObject`) becomes one normalized
 * `LogRecord`, or a data-quality issue. Never throws.
 *
 * Format detection is one look at the first non-blank character: `{` → JSON, `<digit` → syslog,
 * `key=` → logfmt, anything else → plain text. A parser that then finds the text is not what it
 * looked like hands it on (bad JSON and bad logfmt become plain text) instead of throwing.
 */
import type { LogFormat, LogLevel, FieldValue } from '../contract';
import { readAccessLog } from './access-log';
import { mergeEnvelope } from './envelope';
import {
  accept as acceptOutcome,
  makeRecord as makeRecordOf,
  reject as rejectOutcome,
  type SampleSource,
} from './outcome';
import { jsonShapeOf } from './producers';
import { MAX_JSON_DEPTH, parseJsonLog } from './json';
import { looksLikeLogfmt, parseLogfmt } from './logfmt';
import { parsePlain } from './plain';
import {
  boundedJson,
  messageFromFields,
  StructuredBuilder,
  type BuildWarning,
  type StructuredParts,
} from './structured';
import { looksLikeSyslog, parseSyslog } from './syslog';
import { checkText, cleanControlChars, decodeValue, hasControlChars } from './text-checks';
import {
  DEFAULT_MAX_BYTES,
  type ParseMeta,
  type ParseOptions,
  type ParseOutcome,
  type RawMessage,
} from './types';

// Module-local references for the per-log calls: imported bindings are read through getters when
// run from source (tsx), which the parse benchmark does.
const accessLogOf = readAccessLog;
const accept = acceptOutcome;
const reject = rejectOutcome;
const makeRecord = makeRecordOf;
/** Bytes decoded for the sample of a value that is not decoded as a whole. */
const SAMPLE_BYTES = 256;

/**
 * Message text of a structured log, cleaned of control characters that escapes let through
 * (JSON `\u001b`, logfmt `\` + control). The raw text was already checked, so only text holding a
 * backslash needs the second look.
 */
function structuredMessage(
  parts: StructuredParts,
  warnings: BuildWarning[],
  rawText: string | null,
  rawIsMessage: boolean,
): string {
  const message =
    parts.message ?? (rawIsMessage && rawText !== null ? rawText : messageFromFields(parts.fields));
  if ((rawText !== null && rawText.indexOf('\\') < 0) || !hasControlChars(message)) return message;
  warnings.push({
    kind: 'control_chars',
    detail: 'control characters in the message: ANSI removed, others shown as \\xNN',
  });
  return cleanControlChars(message);
}

function fromStructured(
  builder: StructuredBuilder,
  format: LogFormat,
  meta: ParseMeta,
  warnings: BuildWarning[],
  /** The text the builder was filled from; null for objects (their strings were never checked). */
  rawText: string | null,
  sampleSource: SampleSource,
): ParseOutcome {
  const built = builder.finish();
  for (const w of built.warnings) warnings.push(w);
  let parts = built.parts;
  const shape = builder.shape.shape;
  if (shape !== null) {
    if (shape.envelope === true && parts.message !== null && parts.message !== '') {
      parts = mergeEnvelope(parts, parts.message, meta.timestamp, warnings);
    }
    parts.fields['log.producer'] = shape.id;
  }
  // A known logfmt producer's line with no message key (Heroku's `at=info` router lines) is its
  // own message, as written: its keys were renamed to ECS names in the fields.
  const message = structuredMessage(parts, warnings, rawText, format === 'logfmt' && shape !== null);
  if (message === '' && parts.level === null && Object.keys(parts.fields).length === 0) {
    return reject(
      { kind: 'empty', detail: `${format} log with no message and no fields` },
      meta,
      sampleSource,
    );
  }
  const record = makeRecord(
    meta,
    format,
    parts.time,
    parts.level,
    parts.service,
    parts.host,
    message,
    parts.fields,
    parts.error,
  );
  return accept(record, warnings, meta, sampleSource);
}

/**
 * A plain or syslog body that is an HTTP access log (nginx, Apache, HAProxy) gains its ECS fields;
 * its time and level count where the header gave none. Null for every other body.
 */
function fromAccessLog(
  message: string,
  fields: Record<string, FieldValue>,
): { time: number | null; level: LogLevel } | null {
  const access = accessLogOf(message);
  if (access === null) return null;
  for (const key in access.fields) fields[key] = access.fields[key]!;
  fields['log.producer'] = access.producer;
  return access;
}

function fromPlain(text: string, meta: ParseMeta, warnings: BuildWarning[], sample: string): ParseOutcome {
  const parts = parsePlain(text, meta.timestamp);
  // A known logfmt producer behind a traditional syslog header (dockerd's logrus lines in
  // /var/log/syslog): read like the RFC syslog case above, the body's own fields win.
  const body = parts.message !== text ? knownLogfmtBody(parts.message) : null;
  if (body !== null) {
    for (const w of body.warnings) warnings.push(w);
    const p = body.parts;
    const record = makeRecord(
      meta,
      'plain',
      p.time ?? parts.time, // the body's time has the year and sub-seconds a BSD header lacks
      p.level ?? parts.level,
      parts.service ?? p.service,
      parts.host ?? p.host,
      p.message ?? parts.message,
      { ...parts.fields, ...p.fields },
      p.error,
    );
    return accept(record, warnings, meta, sample);
  }
  const access = fromAccessLog(parts.message, parts.fields);
  const record = makeRecord(
    meta,
    'plain',
    parts.time ?? access?.time ?? null,
    parts.level ?? access?.level ?? null,
    parts.service,
    parts.host,
    parts.message,
    parts.fields,
    null,
  );
  return accept(record, warnings, meta, sample);
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff;
}

/**
 * Parses decoded, checked text; `warnings` already holds what the checks found, and `original`
 * (the text before cleaning) is what issue samples are cut from.
 */
function parseCheckedText(
  raw: string,
  meta: ParseMeta,
  warnings: BuildWarning[],
  original: string,
): ParseOutcome {
  let start = 0;
  let end = raw.length;
  while (start < end && isBlank(raw.charCodeAt(start))) start++;
  while (end > start && isBlank(raw.charCodeAt(end - 1))) end--;
  if (start === end) return reject({ kind: 'empty', detail: 'value is only whitespace' }, meta, original);
  const text = start === 0 && end === raw.length ? raw : raw.slice(start, end);
  const sample = original === raw ? text : original;

  const first = text.charCodeAt(0);
  if (first === 123 /* { */) {
    const json = parseJsonLog(text);
    if (json.kind === 'ok') return fromStructured(json.builder, 'json', meta, warnings, text, sample);
    warnings.push(
      json.kind === 'too_deep'
        ? {
            kind: 'too_deep',
            detail: `JSON nested deeper than ${MAX_JSON_DEPTH} levels; analyzed as plain text`,
          }
        : { kind: 'malformed_json', detail: `${json.reason}; analyzed as plain text` },
    );
    return fromPlain(text, meta, warnings, sample);
  }
  if (looksLikeSyslog(text, 0)) {
    const syslog = parseSyslog(text, 0, meta.timestamp);
    if (syslog !== null) {
      for (const w of syslog.warnings) warnings.push(w);
      const message = syslog.message === '' ? text : syslog.message;
      const body = knownLogfmtBody(message);
      if (body !== null) {
        // A known logfmt producer behind a syslog header (Heroku's router through a log drain):
        // its own level, message, error and fields win over the PRI; the header gives the rest.
        for (const w of body.warnings) warnings.push(w);
        const p = body.parts;
        const record = makeRecord(
          meta,
          syslog.format,
          syslog.time ?? p.time,
          p.level ?? syslog.level,
          syslog.service ?? p.service,
          syslog.host ?? p.host,
          p.message ?? message,
          { ...syslog.fields, ...p.fields },
          p.error,
        );
        return accept(record, warnings, meta, sample);
      }
      // The PRI's level stands; an access log body only adds its fields (and a time if none).
      const access = fromAccessLog(message, syslog.fields);
      const record = makeRecord(
        meta,
        syslog.format,
        syslog.time ?? access?.time ?? null,
        syslog.level,
        syslog.service,
        syslog.host,
        message,
        syslog.fields,
        null,
      );
      return accept(record, warnings, meta, sample);
    }
  } else if (looksLikeLogfmt(text)) {
    const builder = parseLogfmt(text);
    if (builder !== null) return fromStructured(builder, 'logfmt', meta, warnings, text, sample);
  }
  return fromPlain(text, meta, warnings, sample);
}

/** A syslog body written by a known logfmt producer (a shape of the table), read as one; else null. */
function knownLogfmtBody(message: string): { parts: StructuredParts; warnings: BuildWarning[] } | null {
  if (!looksLikeLogfmt(message)) return null;
  const builder = parseLogfmt(message);
  const shape = builder?.shape.shape ?? null;
  if (builder === null || shape === null) return null;
  const built = builder.finish();
  built.parts.fields['log.producer'] = shape.id;
  return built;
}

function sampleOfBytes(value: Buffer): string {
  return value.subarray(0, SAMPLE_BYTES).toString('utf8');
}

/** One Kafka message → one record or one issue. `opts.maxBytes` defaults to 1 MiB. */
export function parseMessage(msg: RawMessage, opts?: ParseOptions): ParseOutcome {
  const value = msg.value;
  if (value === null || value.length === 0) {
    return reject(
      { kind: 'empty', detail: value === null ? 'message has no value (tombstone)' : 'value is empty' },
      msg,
      '',
    );
  }
  const maxBytes = opts?.maxBytes ?? DEFAULT_MAX_BYTES;
  if (value.length > maxBytes) {
    return reject(
      {
        kind: 'oversized',
        detail: `value is ${value.length} bytes, over the ${maxBytes}-byte limit; not analyzed`,
      },
      msg,
      sampleOfBytes(value),
    );
  }
  const checked = decodeValue(value);
  if (!checked.ok) return reject(checked.warning, msg, sampleOfBytes(value));
  return withTopicService(
    parseCheckedText(
      checked.text,
      msg,
      checked.warnings.length === 0 ? [] : [...checked.warnings],
      checked.original,
    ),
  );
}

/**
 * Last step of the service fallback (docs/formats.md): a Kafka message that names no service,
 * logger, program or container is attributed to its topic, so its alerts say where it came from.
 */
export function withTopicService(outcome: ParseOutcome): ParseOutcome {
  if (outcome.ok && outcome.record.service === null) outcome.record.service = outcome.record.topic;
  return outcome;
}

/** A log given as a string (analyze API, CLI). Same checks as a message value, but on characters. */
export function parseText(text: string, meta: ParseMeta, opts?: ParseOptions): ParseOutcome {
  if (typeof text !== 'string')
    return reject({ kind: 'wrong_type', detail: `log is ${typeof text}, not text` }, meta, '');
  if (text.length === 0) return reject({ kind: 'empty', detail: 'log is an empty string' }, meta, '');
  const maxBytes = opts?.maxBytes ?? DEFAULT_MAX_BYTES;
  // Characters ≤ UTF-8 bytes ≤ 3 × characters: only measure when the cheap bound is inconclusive.
  if (text.length > maxBytes || (text.length * 3 > maxBytes && Buffer.byteLength(text, 'utf8') > maxBytes)) {
    return reject(
      { kind: 'oversized', detail: `log is over the ${maxBytes}-byte limit; not analyzed` },
      meta,
      text,
    );
  }
  const checked = checkText(text);
  if (!checked.ok) return reject(checked.warning, meta, text);
  return parseCheckedText(
    checked.text,
    meta,
    checked.warnings.length === 0 ? [] : [...checked.warnings],
    checked.original,
  );
}

/** Depth of an object graph, walked iteratively; stops counting past `limit` or after `maxNodes`. */
function exceedsObjectDepth(root: unknown, limit: number, maxNodes = 100_000): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 1 }];
  let visited = 0;
  while (stack.length > 0 && visited < maxNodes) {
    const { value, depth } = stack.pop()!;
    visited++;
    if (depth > limit) return true;
    if (typeof value !== 'object' || value === null) continue;
    const children = Array.isArray(value) ? value : Object.values(value);
    for (const child of children) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: depth + 1 });
    }
  }
  return false;
}

/** A log given as an object (analyze API): read with the same key spellings as a JSON log. */
export function parseObject(obj: Record<string, unknown>, meta: ParseMeta): ParseOutcome {
  const warnings: BuildWarning[] = [];
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    return reject({ kind: 'wrong_type', detail: 'log is not an object' }, meta, String(obj));
  }
  if (exceedsObjectDepth(obj, MAX_JSON_DEPTH)) {
    // Flattening stops at a fixed depth anyway; deeper parts end up as bounded JSON text.
    warnings.push({
      kind: 'too_deep',
      detail: `object nested deeper than ${MAX_JSON_DEPTH} levels; deep parts not flattened`,
    });
  }
  const builder = new StructuredBuilder(jsonShapeOf(Object.keys(obj)));
  builder.addObject('', obj, 0);
  return fromStructured(builder, 'json', meta, warnings, null, () => boundedJson(obj, SAMPLE_BYTES));
}
