/**
 * Structured values as text and names: bounded JSON, a message made of the fields, trimmed
 * messages, rsyslog program names, OpenTelemetry key-value lists, and type names for warnings. Pure
 * helpers of the structured builder (structured.ts) and the envelope reader.
 */
import type { FieldValue } from '../contract';
import { isPlainObject } from './types';

/** A message built from the fields when the log has no message key. */
export const MAX_SYNTHESIZED_MESSAGE_CHARS = 2048;

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

export function clip(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

/** `sshd[123]:` (an rsyslog tag) → `sshd`; a name without a tag is only trimmed. */
export function programName(value: string): string {
  let name = value.trim();
  if (name.endsWith(':')) name = name.slice(0, -1);
  const bracket = name.indexOf('[');
  return bracket > 0 ? name.slice(0, bracket) : name;
}

/** OpenTelemetry `[{ key, value: { stringValue | intValue | … } }]` → `{ key: value }`. */
export function keyValueListToObject(list: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of list) {
    if (!isPlainObject(item) || typeof item.key !== 'string') continue;
    const value = item.value;
    if (isPlainObject(value)) {
      const inner = Object.values(value)[0];
      out[item.key] = typeof inner === 'string' && 'intValue' in value ? Number(inner) : inner;
    } else out[item.key] = value;
  }
  return out;
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A message without leading or trailing whitespace (rsyslog's `msg` keeps the space after the tag). */
export function trimBlank(text: string): string {
  const n = text.length;
  if (n === 0) return text;
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(n - 1);
  // Most messages need no trim: two char checks instead of a copy.
  if (first > 32 && last > 32 && first !== 0xfeff && first !== 0xa0 && last !== 0xa0) return text;
  return text.trim();
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
