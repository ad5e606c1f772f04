/**
 * Building a record from key/value data (a JSON object, logfmt pairs, an object given to the
 * analyze API): which keys carry the time, level, message, service and host, and everything else
 * into bounded, flat `fields`.
 */
import type { FieldValue, LogLevel } from '../contract';
import type { DataQualityKind } from './types';
import { levelFromNumber, levelFromString } from './level';
import { timeFromValue } from './timestamp';

export const MAX_FIELDS = 64;
export const MAX_KEY_CHARS = 128;
export const MAX_FIELD_VALUE_CHARS = 1024;
/** Nested objects are flattened (`a.b.c`) to this depth; deeper subtrees are kept as JSON text. */
export const MAX_FLATTEN_DEPTH = 6;
export const MAX_NAME_CHARS = 256;
/** A message built from the fields when the log has no message key. */
export const MAX_SYNTHESIZED_MESSAGE_CHARS = 2048;

type Role = 'time' | 'level' | 'message' | 'service' | 'host';

/** Key spellings per role, best first: when a log has several, the first wins and the rest stay fields. */
const ROLE_KEYS: Readonly<Record<Role, readonly string[]>> = {
  time: ['@timestamp', 'timestamp', 'time', 'ts', 'datetime', 'date'],
  level: [
    'level',
    'severity',
    'lvl',
    'loglevel',
    'log.level',
    'levelname',
    'level_name',
    'severity_text',
    'severitytext',
  ],
  message: ['message', 'msg', 'log', 'text', 'body', 'short_message'],
  service: [
    'service',
    'service.name',
    'service_name',
    'app',
    'application',
    'app_name',
    'logger',
    'logger_name',
  ],
  host: ['host', 'hostname', 'host.name', 'host.hostname', 'host_name'],
};

interface RoleSlot {
  role: Role;
  rank: number;
}

const ROLE_BY_KEY: ReadonlyMap<string, RoleSlot> = (() => {
  const map = new Map<string, RoleSlot>();
  for (const role of Object.keys(ROLE_KEYS) as Role[]) {
    ROLE_KEYS[role].forEach((key, rank) => map.set(key, { role, rank }));
  }
  return map;
})();

function roleOf(key: string): RoleSlot | undefined {
  if (key.length > 20) return undefined;
  return ROLE_BY_KEY.get(key) ?? ROLE_BY_KEY.get(key.toLowerCase());
}

export interface BuildWarning {
  kind: DataQualityKind;
  detail: string;
}

export interface StructuredParts {
  time: number | null;
  level: LogLevel | null;
  /** Null when the log had no usable message key: the caller decides what the message becomes. */
  message: string | null;
  service: string | null;
  host: string | null;
  fields: Record<string, FieldValue>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON text of any value, at most `max` chars; never throws (cycles, huge depth, BigInt). */
export function boundedJson(value: unknown, max: number): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Array.isArray(value) ? '[unserializable array]' : '[unserializable object]';
  }
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

/** Collects roles and fields; one instance per log. */
export class StructuredBuilder {
  private readonly slots: { [R in Role]?: { key: string; value: unknown; rank: number } } = {};
  readonly fields: Record<string, FieldValue> = {};
  private fieldCount = 0;
  private readonly warnings: BuildWarning[] = [];
  private truncationNoted = false;
  private wrongTypeNoted = false;

  /** Offers one key/value (a top-level key, or a dotted path of a nested one). */
  add(key: string, value: unknown, depth = 0): void {
    const slot = roleOf(key);
    if (slot !== undefined) {
      if (isPlainObject(value) && (slot.role === 'service' || slot.role === 'host' || key === 'log')) {
        // ECS style `service: { name }`, `host: { name }`, `log: { level, logger }`: flatten, the
        // dotted paths (`service.name`, `log.level`) are role keys themselves.
        this.addObject(key, value, depth + 1);
        return;
      }
      const current = this.slots[slot.role];
      if (current === undefined || slot.rank < current.rank) {
        if (current !== undefined) this.addField(current.key, current.value);
        this.slots[slot.role] = { key, value, rank: slot.rank };
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

  private addField(key: string, value: unknown): void {
    if (value === undefined) return;
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
    this.fields[name] = this.fieldValue(value);
  }

  private fieldValue(value: unknown): FieldValue {
    switch (typeof value) {
      case 'string':
        if (value.length > MAX_FIELD_VALUE_CHARS) {
          this.noteTruncation(`a field value longer than ${MAX_FIELD_VALUE_CHARS} chars was cut`);
          return value.slice(0, MAX_FIELD_VALUE_CHARS - 1) + '…';
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
    const slot = this.slots.time;
    if (slot === undefined) return null;
    const time = timeFromValue(slot.value);
    if (time === null) {
      if (typeof slot.value !== 'string' && typeof slot.value !== 'number') {
        this.noteWrongType(`"${slot.key}" is ${describeType(slot.value)}, not a timestamp`);
      }
      this.addField(slot.key, slot.value); // unreadable timestamps stay visible as a field
    }
    return time;
  }

  private takeLevel(): LogLevel | null {
    const slot = this.slots.level;
    if (slot === undefined) return null;
    let level: LogLevel | null = null;
    if (typeof slot.value === 'string') level = levelFromString(slot.value);
    else if (typeof slot.value === 'number') level = levelFromNumber(slot.value);
    else this.noteWrongType(`"${slot.key}" is ${describeType(slot.value)}, not a level`);
    if (level === null) this.addField(slot.key, slot.value);
    return level;
  }

  private takeMessage(): string | null {
    const slot = this.slots.message;
    if (slot === undefined) return null;
    const value = slot.value;
    if (typeof value === 'string') return trimTrailingNewline(value);
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (value === null) return null;
    this.noteWrongType(`"${slot.key}" is ${describeType(value)}; kept as JSON text`);
    return boundedJson(value, MAX_SYNTHESIZED_MESSAGE_CHARS);
  }

  private takeName(role: 'service' | 'host'): string | null {
    const slot = this.slots[role];
    if (slot === undefined) return null;
    if (typeof slot.value === 'string' || typeof slot.value === 'number') {
      const name = String(slot.value).trim();
      if (name.length > 0 && name.length <= MAX_NAME_CHARS) return name;
    } else if (slot.value !== null) {
      this.noteWrongType(`"${slot.key}" is ${describeType(slot.value)}, not a name`);
    }
    this.addField(slot.key, slot.value);
    return null;
  }

  finish(): { parts: StructuredParts; warnings: BuildWarning[] } {
    const parts: StructuredParts = {
      time: this.takeTime(),
      level: this.takeLevel(),
      message: this.takeMessage(),
      service: this.takeName('service'),
      host: this.takeName('host'),
      fields: this.fields,
    };
    return { parts, warnings: this.warnings };
  }
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function trimTrailingNewline(text: string): string {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** `key=value key2="two words"` from the fields, for logs without a message key. Bounded. */
export function messageFromFields(fields: Record<string, FieldValue>): string {
  let out = '';
  for (const key in fields) {
    const value = fields[key];
    const text = typeof value === 'string' && /[\s"=]/.test(value) ? JSON.stringify(value) : String(value);
    const piece = (out === '' ? '' : ' ') + key + '=' + text;
    if (out.length + piece.length > MAX_SYNTHESIZED_MESSAGE_CHARS) break;
    out += piece;
  }
  return out;
}
