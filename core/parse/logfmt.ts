/**
 * logfmt (`ts=2024-05-01T10:00:00Z level=info msg="user logged in" user=42`): a linear tokenizer
 * (one pass, no regex backtracking) feeding the structured builder.
 */
import { logfmtShapeOf } from './producers';
import { StructuredBuilder } from './structured';

// A module-local reference: imported bindings are read through getters when run from source (tsx).
const shapeOfKeys = logfmtShapeOf;

const LOGFMT_START = /^[A-Za-z_@][\w.@-]*=/;

/** Cheap detection: the first token is `key=`. The parse then confirms pairs outnumber bare words. */
export function looksLikeLogfmt(text: string): boolean {
  return LOGFMT_START.test(text.length > 64 ? text.slice(0, 64) : text);
}

const NUMBER = /^-?(?:0|[1-9]\d{0,14})(?:\.\d{1,15})?$/;

/** logfmt values are text; numbers and booleans are typed so fields can be compared and summed. */
function typedValue(raw: string): string | number | boolean {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (raw.length <= 31 && NUMBER.test(raw)) return Number(raw);
  return raw;
}

export interface LogfmtPair {
  key: string;
  value: string | number | boolean;
}

/** Splits a logfmt line into pairs; bare words (`key` without `=`) are counted, not kept. */
export function tokenizeLogfmt(text: string): { pairs: LogfmtPair[]; bareWords: number } {
  const pairs: LogfmtPair[] = [];
  let bareWords = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && text.charCodeAt(i) <= 32) i++;
    if (i >= n) break;
    const keyStart = i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c <= 32 || c === 61 /* = */ || c === 34 /* " */) break;
      i++;
    }
    const key = text.slice(keyStart, i);
    if (i < n && text.charCodeAt(i) === 61 && key !== '') {
      i++;
      if (i < n && text.charCodeAt(i) === 34) {
        const quoted = readQuoted(text, i + 1);
        pairs.push({ key, value: quoted.value });
        i = quoted.end;
      } else {
        const valueStart = i;
        while (i < n && text.charCodeAt(i) > 32) i++;
        pairs.push({ key, value: typedValue(text.slice(valueStart, i)) });
      }
    } else {
      bareWords++;
      // A stray quote or `=`: skip the rest of this word so the loop always advances.
      while (i < n && text.charCodeAt(i) > 32) i++;
    }
  }
  return { pairs, bareWords };
}

/** A double-quoted value starting after the opening quote; an unterminated one runs to the end. */
function readQuoted(text: string, start: number): { value: string; end: number } {
  let out = '';
  let from = start;
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      return { value: out + text.slice(from, i), end: i + 1 };
    }
    if (c === 92 /* \ */ && i + 1 < text.length) {
      const next = text[i + 1];
      out += text.slice(from, i) + (next === 'n' ? '\n' : next === 't' ? '\t' : next);
      i += 2;
      from = i;
      continue;
    }
    i++;
  }
  return { value: out + text.slice(from), end: text.length };
}

/** Parses a logfmt line into a builder, or returns null when it is really prose with an `=` in it. */
export function parseLogfmt(text: string): StructuredBuilder | null {
  const { pairs, bareWords } = tokenizeLogfmt(text);
  if (pairs.length === 0 || bareWords > pairs.length) return null;
  const keys = new Array<string>(pairs.length);
  for (let i = 0; i < pairs.length; i++) keys[i] = pairs[i]!.key;
  const builder = new StructuredBuilder(shapeOfKeys(keys));
  for (const pair of pairs) builder.add(pair.key, pair.value);
  return builder;
}
