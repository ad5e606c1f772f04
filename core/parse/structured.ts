/**
 * Building a record from key/value data (a JSON object, logfmt pairs, an object given to the
 * analyze API): which keys carry the time, level, message, service and host, and everything else
 * into bounded, flat `fields`.
 */
import type { FieldValue, LogError, LogLevel } from '../contract';
import { isPlainObject, type DataQualityKind } from './types';
import { instantTime, readThrown } from './log4j-json-layout';
import {
  boundedJson,
  clip,
  describeType,
  keyValueListToObject,
  MAX_SYNTHESIZED_MESSAGE_CHARS,
  programName,
  trimBlank,
} from './value-text';

export { boundedJson, MAX_SYNTHESIZED_MESSAGE_CHARS, messageFromFields } from './value-text';
import { exceptionFromTrace, goRootCause, MAX_ERROR_MESSAGE_CHARS, MAX_ERROR_TYPE_CHARS } from './exception';
import { levelFromNumber, levelFromOffsetWord, levelFromString, levelFromSyslogWord } from './level';
import { GENERIC_SHAPE, type CompiledShape, type RoleSlot } from './producers/roles';
import { ROLE_INDEX } from './producers/types';
import { timeFromValue } from './timestamp';

export const MAX_FIELDS = 64;
export const MAX_KEY_CHARS = 128;
export const MAX_FIELD_VALUE_CHARS = 1024;
/** Nested objects are flattened (`a.b.c`) to this depth; deeper subtrees are kept as JSON text. */
export const MAX_FLATTEN_DEPTH = 6;
export const MAX_NAME_CHARS = 256;
// Module-local copies: imported bindings are read through getters when run from source (tsx).
const I_TIME = ROLE_INDEX.time;
const I_LEVEL = ROLE_INDEX.level;
const I_MESSAGE = ROLE_INDEX.message;
const I_SERVICE = ROLE_INDEX.service;
const I_SERVICE_FALLBACK = ROLE_INDEX.serviceFallback;
const I_HOST = ROLE_INDEX.host;
const I_ERROR_TYPE = ROLE_INDEX.errorType;
const I_ERROR_MESSAGE = ROLE_INDEX.errorMessage;
const I_STACK_TRACE = ROLE_INDEX.stackTrace;
const GENERIC = GENERIC_SHAPE;

/** Role keys longer than this are matched in their exact spelling only. */
const MAX_CASE_FOLDED_KEY = 20;
/**
 * A stack trace (`error.stack_trace`, `stack_trace`, `err.stack`, `exc_info` …) is kept whole up
 * to this many characters, with no data-quality complaint: a Java trace is normal data. Only a
 * longer one is cut (and counted as `fields_truncated`); its exception was read before the cut.
 */
export const MAX_STACK_TRACE_CHARS = 64 * 1024;

interface Slot {
  key: string;
  value: unknown;
  rank: number;
}

export interface BuildWarning {
  kind: DataQualityKind;
  detail: string;
}

export interface StructuredParts {
  time: number | null;
  /** The exception the log carries (its error keys, or its stack trace), else null. */
  error: LogError | null;
  level: LogLevel | null;
  /** Null when the log had no usable message key: the caller decides what the message becomes. */
  message: string | null;
  service: string | null;
  host: string | null;
  fields: Record<string, FieldValue>;
}

/** Collects roles and fields; one instance per log. */
export class StructuredBuilder {
  /** The key chosen for each role so far, by ROLE_INDEX (an array: one hidden class for all logs). */
  private readonly slots: Array<Slot | undefined> = [
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
  ];
  readonly fields: Record<string, FieldValue> = {};
  private fieldCount = 0;
  private readonly warnings: BuildWarning[] = [];
  /** The shape's throwable object (Log4j JsonLayout `thrown`), read by takeError. */
  private thrown: Record<string, unknown> | null = null;
  private truncationNoted = false;
  private wrongTypeNoted = false;

  /** `shape`: the producer shape the log was recognised as (generic spellings when none). */
  constructor(readonly shape: CompiledShape = GENERIC) {}

  private roleOf(key: string): RoleSlot | undefined {
    if (key.length > this.shape.maxKeyChars) return undefined;
    const exact = this.shape.byKey.get(key);
    // Other casings (`Level`, `MSG`) of short keys only: long keys are dotted paths, written as is.
    return exact !== undefined || key.length > MAX_CASE_FOLDED_KEY
      ? exact
      : this.shape.byKey.get(key.toLowerCase());
  }

  /** Offers one key/value (a top-level key, or a dotted path of a nested one). */
  add(key: string, value: unknown, depth = 0): void {
    const shape = this.shape;
    if (shape.keyValueLists !== null && Array.isArray(value) && shape.keyValueLists.has(key)) {
      this.addObject(key, keyValueListToObject(value), depth + 1);
      return;
    }
    if (key === shape.thrownObject && isPlainObject(value)) {
      this.thrown = value;
      return;
    }
    const slot = this.roleOf(key);
    if (slot !== undefined) {
      if (isPlainObject(value) && shape.flatten.has(key)) {
        // ECS style `service: { name }`, `log: { level, logger }`, pino `err: { type, message }`:
        // flatten, the dotted paths (`service.name`, `err.type`) are role keys themselves.
        this.addObject(key, value, depth + 1);
        return;
      }
      const current = this.slots[slot.index];
      if (current === undefined || slot.rank < current.rank) {
        if (current !== undefined) this.addField(current.key, current.value);
        this.slots[slot.index] = { key, value, rank: slot.rank };
        return;
      }
    }
    if (isPlainObject(value)) {
      this.addObject(key, value, depth + 1);
      return;
    }
    this.addField(key, value);
  }

  /** Adds every key of a nested object under `prefix.` (or at the top when prefix is empty). */
  addObject(prefix: string, object: Record<string, unknown>, depth: number): void {
    if (depth > MAX_FLATTEN_DEPTH) {
      this.addField(prefix, boundedJson(object, MAX_FIELD_VALUE_CHARS));
      return;
    }
    for (const key in object) {
      if (!Object.prototype.hasOwnProperty.call(object, key)) continue;
      this.add(prefix === '' ? key : prefix + '.' + key, object[key], depth);
    }
  }

  warn(kind: DataQualityKind, detail: string): void {
    this.warnings.push({ kind, detail });
  }

  private noteTruncation(detail: string): void {
    if (this.truncationNoted) return;
    this.truncationNoted = true;
    this.warn('fields_truncated', detail);
  }

  private noteWrongType(detail: string): void {
    if (this.wrongTypeNoted) return;
    this.wrongTypeNoted = true;
    this.warn('wrong_type', detail);
  }

  private addField(key: string, value: unknown, maxChars = MAX_FIELD_VALUE_CHARS): void {
    if (value === undefined) return;
    const rename = this.shape.rename;
    if (rename !== null) key = rename[key] ?? key;
    if (this.fieldCount >= MAX_FIELDS) {
      this.noteTruncation(`more than ${MAX_FIELDS} fields; the rest were dropped`);
      return;
    }
    let name = key;
    if (name.length > MAX_KEY_CHARS) {
      name = name.slice(0, MAX_KEY_CHARS);
      this.noteTruncation(`a field name longer than ${MAX_KEY_CHARS} chars was cut`);
    }
    if (!Object.prototype.hasOwnProperty.call(this.fields, name)) this.fieldCount++;
    this.fields[name] = this.fieldValue(value, maxChars);
  }

  private fieldValue(value: unknown, maxChars: number): FieldValue {
    switch (typeof value) {
      case 'string':
        if (value.length > maxChars) {
          this.noteTruncation(`a field value longer than ${maxChars} chars was cut`);
          return value.slice(0, maxChars - 1) + '…';
        }
        return value;
      case 'number':
        // Infinity/NaN (JSON `1e999`) have no JSON form downstream: keep them readable as text.
        return Number.isFinite(value) ? value : String(value);
      case 'boolean':
        return value;
      case 'bigint':
        return value.toString();
      default:
        if (value === null) return null;
        if (typeof value === 'object') return boundedJson(value, MAX_FIELD_VALUE_CHARS);
        // Only objects built in code (parseObject) can hold these; JSON text never does.
        return typeof value === 'symbol' ? value.toString() : `[${typeof value}]`;
    }
  }

  private takeTime(): number | null {
    const slot = this.slots[I_TIME];
    if (slot === undefined) return null;
    const time = isPlainObject(slot.value) ? instantTime(slot.value) : timeFromValue(slot.value);
    if (time === null) {
      if (typeof slot.value !== 'string' && typeof slot.value !== 'number') {
        this.noteWrongType(`"${slot.key}" is ${describeType(slot.value)}, not a timestamp`);
      }
      this.addField(slot.key, slot.value); // unreadable timestamps stay visible as a field
    }
    return time;
  }

  private takeLevel(): LogLevel | null {
    const slot = this.slots[I_LEVEL];
    if (slot === undefined) return null;
    let level: LogLevel | null = null;
    const scale = this.shape.levelScale;
    if (typeof slot.value === 'string') {
      // A syslog producer's severity words (`crit`, `alert`) mean what their numbers mean.
      if (scale === 'syslog') level = levelFromSyslogWord(slot.value);
      level ??= levelFromString(slot.value) ?? levelFromOffsetWord(slot.value);
      // journald writes PRIORITY as text ("3"); a shape with a numeric scale reads it as a number.
      if (level === null && scale !== 'auto' && /^\d{1,2}$/.test(slot.value))
        level = levelFromNumber(Number(slot.value), scale);
    } else if (typeof slot.value === 'number') level = levelFromNumber(slot.value, scale);
    else this.noteWrongType(`"${slot.key}" is ${describeType(slot.value)}, not a level`);
    if (level === null) this.addField(slot.key, slot.value);
    return level;
  }

  private takeMessage(): string | null {
    const slot = this.slots[I_MESSAGE];
    if (slot === undefined) return null;
    const value = slot.value;
    if (typeof value === 'string') return trimBlank(value);
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (value === null) return null;
    this.noteWrongType(`"${slot.key}" is ${describeType(value)}; kept as JSON text`);
    return boundedJson(value, MAX_SYNTHESIZED_MESSAGE_CHARS);
  }

  private takeName(role: 'service' | 'serviceFallback' | 'host'): string | null {
    const slot = this.slots[role === 'service' ? I_SERVICE : role === 'host' ? I_HOST : I_SERVICE_FALLBACK];
    if (slot === undefined) return null;
    if (typeof slot.value === 'string' || typeof slot.value === 'number') {
      const name = role === 'serviceFallback' ? programName(String(slot.value)) : String(slot.value).trim();
      if (name.length > 0 && name.length <= MAX_NAME_CHARS) return name;
    } else if (slot.value !== null) {
      this.noteWrongType(`"${slot.key}" is ${describeType(slot.value)}, not a name`);
    }
    this.addField(slot.key, slot.value);
    return null;
  }

  /** A text role (error type or message), bounded; other values go back to the fields. */
  private takeText(role: 'errorType' | 'errorMessage', max: number): string | null {
    const slot = this.slots[role === 'errorType' ? I_ERROR_TYPE : I_ERROR_MESSAGE];
    if (slot === undefined) return null;
    if (typeof slot.value === 'string' && slot.value.trim() !== '') {
      const text = slot.value.trim();
      // Kept as a field too, so what the producer wrote stays visible as written.
      this.addField(slot.key, slot.value);
      return text.length > max ? text.slice(0, max - 1) + '…' : text;
    }
    this.addField(slot.key, slot.value);
    return null;
  }

  /** The stack trace, kept whole in its field up to MAX_STACK_TRACE_CHARS; its text, or null. */
  private takeStack(): string | null {
    const slot = this.slots[I_STACK_TRACE];
    if (slot === undefined) return null;
    let text: string | null = null;
    if (typeof slot.value === 'string' && slot.value.trim() !== '') text = slot.value;
    else if (Array.isArray(slot.value) && slot.value.every((l) => typeof l === 'string'))
      text = slot.value.join('\n'); // EcsLayout stackTraceAsArray
    this.addField(slot.key, text ?? slot.value, MAX_STACK_TRACE_CHARS);
    return text;
  }

  private takeError(): LogError | null {
    if (this.thrown !== null) return this.takeThrown(this.thrown);
    const slots = this.slots;
    if (
      slots[I_ERROR_TYPE] === undefined &&
      slots[I_ERROR_MESSAGE] === undefined &&
      slots[I_STACK_TRACE] === undefined
    )
      return null; // the common case: no error keys at all
    const type = this.takeText('errorType', MAX_ERROR_TYPE_CHARS);
    const message = this.takeText('errorMessage', MAX_ERROR_MESSAGE_CHARS);
    const stack = this.takeStack();
    const traced = stack === null ? null : exceptionFromTrace(stack);
    if (type === null && message === null) return traced;
    return {
      type: type ?? traced?.type ?? null,
      message: message ?? traced?.message ?? null,
      rootCause: traced?.rootCause ?? (type === null && message !== null ? goRootCause(message) : null),
    };
  }

  /**
   * Log4j 2's `thrown` object: its `name` and `message` are the error, the last of its `cause`
   * chain the root cause; the whole is kept as Java stack-trace text in `error.stack_trace`.
   */
  private takeThrown(thrown: Record<string, unknown>): LogError | null {
    const { type, message, trace, rootCause } = readThrown(thrown);
    if (type !== null) this.addField('error.type', type);
    if (message !== null) this.addField('error.message', message);
    this.addField('error.stack_trace', trace, MAX_STACK_TRACE_CHARS);
    if (type === null && message === null) return null;
    return {
      type: type === null ? null : clip(type, MAX_ERROR_TYPE_CHARS),
      message: message === null ? null : clip(message, MAX_ERROR_MESSAGE_CHARS),
      rootCause: rootCause === null ? null : clip(rootCause, MAX_ERROR_MESSAGE_CHARS),
    };
  }

  finish(): { parts: StructuredParts; warnings: BuildWarning[] } {
    const parts: StructuredParts = {
      time: this.takeTime(),
      error: this.takeError(),
      level: this.takeLevel(),
      message: this.takeMessage(),
      service: this.takeName('service') ?? this.takeName('serviceFallback'),
      host: this.takeName('host'),
      fields: this.fields,
    };
    if (
      parts.service !== null &&
      this.slots[I_SERVICE_FALLBACK] !== undefined &&
      this.slots[I_SERVICE] !== undefined
    ) {
      const fallback = this.slots[I_SERVICE_FALLBACK];
      this.addField(fallback.key, fallback.value); // the logger name stays visible beside the service
    }
    return { parts, warnings: this.warnings };
  }
}
