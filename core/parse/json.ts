/**
 * JSON logs. A cheap bracket-depth scan runs before `JSON.parse`: V8 parses deep nesting
 * iteratively, but a 1 MiB `[[[[…` still costs ~0.5 s and leaves a value whose later
 * `JSON.stringify` or recursive walk would overflow the stack. Over the limit, the text is not
 * parsed at all (the caller analyzes it as plain text and counts `too_deep`).
 */
import { jsonShapeOf } from './producers';
import { StructuredBuilder } from './structured';

// A module-local reference: imported bindings are read through getters when run from source (tsx).
const shapeOfKeys = jsonShapeOf;

/** Deeper than any real log; objects nested deeper are not parsed. */
export const MAX_JSON_DEPTH = 64;

/** True when brackets outside strings nest deeper than `limit`. Linear; strings skipped by indexOf. */
export function exceedsJsonDepth(text: string, limit: number = MAX_JSON_DEPTH): boolean {
  if (text.length <= limit) return false;
  // Depth can only pass the limit with more openers than that, in strings or not; counting them
  // with native indexOf settles nearly every real log without the char-by-char walk below.
  if (!hasMoreThan(text, '{', '[', limit)) return false;
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      let j = i + 1;
      for (;;) {
        j = text.indexOf('"', j);
        if (j < 0) return false; // unterminated string: JSON.parse rejects it anyway
        let k = j - 1;
        while (k > i && text.charCodeAt(k) === 92 /* \ */) k--;
        if ((j - 1 - k) % 2 === 0) break; // an even run of backslashes: the quote is real
        j++;
      }
      i = j;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > limit) return true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
    }
  }
  return false;
}

/** True when `a` and `b` together occur more than `limit` times in `text`. */
function hasMoreThan(text: string, a: string, b: string, limit: number): boolean {
  let count = 0;
  for (let i = text.indexOf(a); i >= 0; i = text.indexOf(a, i + 1)) if (++count > limit) return true;
  for (let i = text.indexOf(b); i >= 0; i = text.indexOf(b, i + 1)) if (++count > limit) return true;
  return false;
}

export type JsonParseResult =
  { kind: 'ok'; builder: StructuredBuilder } | { kind: 'too_deep' } | { kind: 'malformed'; reason: string };

/** Parses a `{…}` log line. Never throws. */
export function parseJsonLog(text: string): JsonParseResult {
  if (exceedsJsonDepth(text)) return { kind: 'too_deep' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // V8's message quotes the input; keep only the position so the detail never carries payload.
    const position = error instanceof Error ? /position (\d+)/.exec(error.message)?.[1] : undefined;
    return {
      kind: 'malformed',
      reason: position === undefined ? 'not valid JSON' : `not valid JSON (error at char ${position})`,
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'malformed', reason: 'not a JSON object' };
  }
  const object = value as Record<string, unknown>;
  const builder = new StructuredBuilder(shapeOfKeys(Object.keys(object)));
  builder.addObject('', object, 0);
  return { kind: 'ok', builder };
}
