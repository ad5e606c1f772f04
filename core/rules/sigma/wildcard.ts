/**
 * Sigma's plain-value strings: `*` (any run of characters) and `?` (exactly one) are wildcards;
 * a backslash escapes a following `*`, `?` or backslash, and is a plain backslash before anything
 * else (the specification's "Escaping" section: `\*` is a star, `\\*` a backslash then a wildcard,
 * `\\\*` a backslash then a star, `\\\\` two backslashes).
 */

export type Segment = { kind: 'text'; text: string } | { kind: 'any' } | { kind: 'one' };

export function parseSigmaString(value: string): Segment[] {
  const segments: Segment[] = [];
  let text = '';
  const flush = (): void => {
    if (text.length > 0) segments.push({ kind: 'text', text });
    text = '';
  };
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (c === '\\') {
      const next = value[i + 1];
      if (next === '*' || next === '?' || next === '\\') {
        text += next;
        i++;
      } else {
        text += c;
      }
    } else if (c === '*' || c === '?') {
      flush();
      segments.push({ kind: c === '*' ? 'any' : 'one' });
    } else {
      text += c;
    }
  }
  flush();
  return segments;
}

export function hasWildcard(segments: readonly Segment[]): boolean {
  return segments.some((s) => s.kind !== 'text');
}

/** The literal text of wildcard-free segments. */
export function literalOf(segments: readonly Segment[]): string {
  return segments.map((s) => (s.kind === 'text' ? s.text : '')).join('');
}

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/-]/g;

export function escapeRegex(text: string): string {
  return text.replace(REGEX_SPECIAL, '\\$&');
}

/** Regex source for the segments; `[\s\S]` so a wildcard also spans the lines of a stack trace. */
export function regexSourceOf(segments: readonly Segment[], lowercase: boolean): string {
  let source = '';
  for (const s of segments) {
    if (s.kind === 'any') source += '[\\s\\S]*';
    else if (s.kind === 'one') source += '[\\s\\S]';
    else source += escapeRegex(lowercase ? s.text.toLowerCase() : s.text);
  }
  return source;
}

/**
 * A test for a value with wildcards. Leading and trailing `*` only drop an anchor. Values with
 * `*` alone (nearly all) are matched by finding their literal pieces in order with indexOf:
 * linear, where a regex of `.*` runs can backtrack badly on long stack traces. Values with `?`
 * become one regex.
 */
export function compileWildcard(
  segments: readonly Segment[],
  anchorStart: boolean,
  anchorEnd: boolean,
  lowercase: boolean,
): (text: string) => boolean {
  let from = 0;
  let to = segments.length;
  while (from < to && segments[from]?.kind === 'any') from++;
  while (to > from && segments[to - 1]?.kind === 'any') to--;
  const start = anchorStart && from === 0;
  const end = anchorEnd && to === segments.length;
  const core = segments.slice(from, to);
  if (core.some((s) => s.kind === 'one')) {
    const regex = new RegExp(`${start ? '^' : ''}${regexSourceOf(core, lowercase)}${end ? '$' : ''}`);
    return (text) => regex.test(text);
  }
  const pieces: string[] = [];
  for (const s of core) if (s.kind === 'text') pieces.push(lowercase ? s.text.toLowerCase() : s.text);
  if (pieces.length === 0) return () => true;
  const first = pieces[0] as string;
  const last = pieces[pieces.length - 1] as string;
  return (text) => {
    let pos: number;
    if (start) {
      if (!text.startsWith(first)) return false;
      pos = first.length;
    } else {
      const at = text.indexOf(first);
      if (at < 0) return false;
      pos = at + first.length;
    }
    const middleEnd = end ? pieces.length - 1 : pieces.length;
    for (let i = 1; i < middleEnd; i++) {
      const piece = pieces[i] as string;
      const at = text.indexOf(piece, pos);
      if (at < 0) return false;
      pos = at + piece.length;
    }
    if (end && pieces.length > 1) return text.length - last.length >= pos && text.endsWith(last);
    if (end) return text.endsWith(first); // one piece: start is not anchored (else no wildcard is left)
    return true;
  };
}
