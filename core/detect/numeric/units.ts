/**
 * Number parsing for numeric signals, without regular expressions or substrings (this runs per
 * log for the few parameter positions and fields that carry a known meaning).
 *
 * Durations are returned in seconds. A value may carry its own unit (`340 ms`, `3.456ms`, `1.5s`,
 * `150µs`) or a Go `time.Duration` string (`1m30.5s`, `2h3m`); without one, the caller's default
 * unit applies (`0.123` with nginx `$request_time`, which is in seconds). `-` (nginx: no upstream)
 * and anything else that is not a number give NaN: not a value, not an error.
 */

/** Seconds per unit, for the unit words a duration may carry (lower case). */
const SECONDS_PER_UNIT = new Map<string, number>([
  ['ns', 1e-9],
  ['us', 1e-6],
  ['µs', 1e-6],
  ['μs', 1e-6], // Greek mu, as some loggers spell it
  ['ms', 1e-3],
  ['msec', 1e-3],
  ['msecs', 1e-3],
  ['millis', 1e-3],
  ['milliseconds', 1e-3],
  ['s', 1],
  ['sec', 1],
  ['secs', 1],
  ['second', 1],
  ['seconds', 1],
  ['m', 60],
  ['min', 60],
  ['mins', 60],
  ['minute', 60],
  ['minutes', 60],
  ['h', 3600],
  ['hr', 3600],
  ['hrs', 3600],
  ['hour', 3600],
  ['hours', 3600],
]);

/**
 * Seconds per unit word as written in a log. Case matters for one- and two-letter units: `4M` in
 * a JVM GC line is megabytes, not minutes, and `MS` is nothing; longer words (`Seconds`) may be
 * capitalized.
 */
function unitSeconds(word: string): number | undefined {
  const exact = SECONDS_PER_UNIT.get(word);
  if (exact !== undefined || word.length <= 2) return exact;
  return SECONDS_PER_UNIT.get(word.toLowerCase());
}

/** Seconds per unit named in a data file (`ns`, `us`, `ms`, `s`). */
export function secondsPerUnit(unit: string): number | undefined {
  return SECONDS_PER_UNIT.get(unit);
}

/** Where a parsed number ended, and its value; reused so parsing allocates nothing. */
interface Cursor {
  pos: number;
  value: number;
}
const cursor: Cursor = { pos: 0, value: 0 };

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Reads an unsigned decimal number at `from` (digits, one optional fraction); false if none. */
function readNumber(text: string, from: number): boolean {
  let pos = from;
  let value = 0;
  let digits = 0;
  while (pos < text.length && isDigit(text.charCodeAt(pos))) {
    value = value * 10 + (text.charCodeAt(pos) - 48);
    pos++;
    digits++;
  }
  if (pos < text.length && text.charCodeAt(pos) === 46 /* . */) {
    let scale = 0.1;
    pos++;
    while (pos < text.length && isDigit(text.charCodeAt(pos))) {
      value += (text.charCodeAt(pos) - 48) * scale;
      scale /= 10;
      pos++;
      digits++;
    }
  }
  if (digits === 0) return false;
  cursor.pos = pos;
  cursor.value = value;
  return true;
}

function isUnitChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 0xb5 || c === 0x3bc;
}

/** Trailing characters a value may keep from its log line: `12ms,` `(3.4s)` `"0.120"`. */
function isTrailing(c: number): boolean {
  return c === 44 || c === 59 || c === 41 || c === 93 || c === 34 || c === 39 || c === 46 || c === 125;
}

function skipLeading(text: string): number {
  let pos = 0;
  while (pos < text.length) {
    const c = text.charCodeAt(pos);
    if (c === 40 || c === 91 || c === 34 || c === 39 || c === 61 || c === 58 || c === 32) pos++;
    else break;
  }
  return pos;
}

/**
 * A duration in seconds. `defaultSeconds` is the unit of a bare number (null: a bare number is
 * not a duration, as in free text where only a unit says what the number is).
 */
export function parseDuration(text: string, defaultSeconds: number | null): number {
  let pos = skipLeading(text);
  let total = 0;
  let parts = 0;
  for (;;) {
    if (!readNumber(text, pos)) break;
    const number = cursor.value;
    pos = cursor.pos;
    while (pos < text.length && text.charCodeAt(pos) === 32) pos++;
    const unitStart = pos;
    while (pos < text.length && isUnitChar(text.charCodeAt(pos))) pos++;
    if (pos === unitStart) {
      // A bare number: only valid alone (not after `1m`), and only with a default unit.
      if (parts > 0 || defaultSeconds === null) return Number.NaN;
      total = number * defaultSeconds;
      parts = 1;
      break;
    }
    const per = unitSeconds(text.slice(unitStart, pos));
    if (per === undefined) return Number.NaN;
    total += number * per;
    parts++;
  }
  if (parts === 0) return Number.NaN;
  while (pos < text.length && isTrailing(text.charCodeAt(pos))) pos++;
  return pos === text.length ? total : Number.NaN;
}

/** True when the text is a number followed by a time unit: decides a parameter's meaning once. */
export function hasTimeUnit(text: string): boolean {
  return !Number.isNaN(parseDuration(text, null));
}

/**
 * A percentage 0–100: `97%`, `97.5 %`, or a bare number in the given scale (`percent`: 0–100,
 * `ratio`: 0–1 as ECS and Metricbeat write `*.pct` and OpenTelemetry `*.utilization`).
 * `requireSign`: free text is a percentage only with its `%`.
 */
export function parsePercent(text: string, scale: 'percent' | 'ratio', requireSign: boolean): number {
  const start = skipLeading(text);
  if (!readNumber(text, start)) return Number.NaN;
  let pos = cursor.pos;
  const value = cursor.value;
  while (pos < text.length && text.charCodeAt(pos) === 32) pos++;
  const signed = pos < text.length && text.charCodeAt(pos) === 37; /* % */
  if (signed) pos++;
  else if (requireSign) return Number.NaN;
  while (pos < text.length && isTrailing(text.charCodeAt(pos))) pos++;
  if (pos !== text.length) return Number.NaN;
  return signed || scale === 'percent' ? value : value * 100;
}

/**
 * An HTTP status code at the start of the text (`503`, `503 0` when the miner folded the
 * response size into the status value of an access log): 100–599, else NaN.
 */
export function parseHttpStatus(text: string): number {
  const start = skipLeading(text);
  if (text.length < start + 3) return Number.NaN;
  let status = 0;
  for (let i = start; i < start + 3; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) return Number.NaN;
    status = status * 10 + (c - 48);
  }
  const after = start + 3;
  if (after < text.length) {
    const c = text.charCodeAt(after);
    if (isDigit(c) || c === 46) return Number.NaN; // 5031, 503.2: not a status
  }
  return status >= 100 && status <= 599 ? status : Number.NaN;
}

/** A status value from a structured field: a number or a numeric string. */
export function statusOf(value: unknown): number {
  if (typeof value === 'number')
    return Number.isInteger(value) && value >= 100 && value <= 599 ? value : Number.NaN;
  return typeof value === 'string' ? parseHttpStatus(value) : Number.NaN;
}
