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
