/**
 * Normalizing the many ways producers write a log level to the contract's `LogLevel`.
 */
import type { LogLevel } from '../contract';

const LEVEL_WORDS: ReadonlyMap<string, LogLevel> = new Map<string, LogLevel>([
  ['fatal', 'fatal'],
  ['critical', 'fatal'],
  ['crit', 'fatal'],
  ['emerg', 'fatal'],
  ['emergency', 'fatal'],
  ['alert', 'fatal'],
  ['panic', 'fatal'],
  ['error', 'error'],
  ['err', 'error'],
  ['eror', 'error'],
  ['severe', 'error'], // java.util.logging, BGL
  ['failure', 'error'], // BGL
  ['warn', 'warn'],
  ['warning', 'warn'],
  ['info', 'info'],
  ['information', 'info'],
  ['informational', 'info'],
  ['notice', 'info'],
  ['debug', 'debug'],
  ['dbg', 'debug'],
  ['fine', 'debug'],
  ['config', 'debug'],
  ['trace', 'trace'],
  ['finer', 'trace'],
  ['finest', 'trace'],
  ['verbose', 'trace'],
]);

/** Android / glog style one-letter levels; accepted only where the caller knows a level stands. */
const LEVEL_LETTERS: ReadonlyMap<string, LogLevel> = new Map<string, LogLevel>([
  ['F', 'fatal'],
  ['A', 'fatal'],
  ['E', 'error'],
  ['W', 'warn'],
  ['I', 'info'],
  ['D', 'debug'],
  ['V', 'trace'],
  ['T', 'trace'],
]);

/** Lengths of the shortest and longest level words ("err", "informational"): others are no level. */
const WORD_LENGTHS = [...LEVEL_WORDS.keys()].map((w) => w.length);
const MIN_LEVEL_WORD = Math.min(...WORD_LENGTHS);
const MAX_LEVEL_WORD = Math.max(...WORD_LENGTHS);

/**
 * Char codes (ASCII, either case) that begin some level word. The plain-text header scan offers
 * every token to `levelFromWord`; most are no level, and this rejects them without the lowercase
 * copy and two map lookups. Only ASCII is listed: no other character lowercases to a word's first
 * letter followed by the rest of a level word (`İ` becomes `i` plus a combining dot).
 */
const LEVEL_INITIALS: ReadonlySet<number> = new Set(
  [...LEVEL_WORDS.keys()].flatMap((w) => [w.charCodeAt(0), w.toUpperCase().charCodeAt(0)]),
);

/**
 * The level words as logs usually spell them (`info`, `INFO`, `Info`): one lookup finds these, and
 * only other casings (`wARN`) pay for a lowercase copy.
 */
const COMMON_SPELLINGS: ReadonlyMap<string, LogLevel> = new Map(
  [...LEVEL_WORDS].flatMap(([word, level]) => [
    [word, level],
    [word.toUpperCase(), level],
    [word[0]!.toUpperCase() + word.slice(1), level],
  ]),
);

/** A level word in any case (`ERROR`, `Warning`, `notice`), or null when it is not one. */
export function levelFromWord(word: string): LogLevel | null {
  if (word.length < MIN_LEVEL_WORD || word.length > MAX_LEVEL_WORD) return null;
  if (!LEVEL_INITIALS.has(word.charCodeAt(0))) return null;
  return COMMON_SPELLINGS.get(word) ?? LEVEL_WORDS.get(word.toLowerCase()) ?? null;
}

/** `levelFromWord(text.slice(start, end))`, without the slice for tokens that cannot be a level. */
export function levelFromWordIn(text: string, start: number, end: number): LogLevel | null {
  const length = end - start;
  if (length < MIN_LEVEL_WORD || length > MAX_LEVEL_WORD) return null;
  if (!LEVEL_INITIALS.has(text.charCodeAt(start))) return null;
  return levelFromWord(text.slice(start, end));
}

/** A one-letter level (`E`, `W`, ...), or null. */
export function levelFromLetter(letter: string): LogLevel | null {
  return letter.length === 1 ? (LEVEL_LETTERS.get(letter) ?? null) : null;
}

/** Level from a string value of a structured log: word or single letter, trimmed. */
export function levelFromString(value: string): LogLevel | null {
  const trimmed = value.length > 0 && value.length <= 32 ? value.trim() : value;
  return levelFromWord(trimmed) ?? levelFromLetter(trimmed.toUpperCase());
}

/**
 * Syslog severity (RFC 5424 §6.2.1): 0 emerg … 7 debug. Only `emerg` ("system is unusable") is
 * fatal: `alert` and `crit` are what daemons use for "act now" (sudo logs three wrong passwords at
 * authpriv.alert), not for "this process ended", so they are errors.
 */
export function levelFromSyslogSeverity(severity: number): LogLevel {
  if (severity <= 0) return 'fatal'; // emerg
  if (severity <= 3) return 'error'; // alert, crit, err
  if (severity === 4) return 'warn';
  if (severity <= 6) return 'info'; // notice, info
  return 'debug';
}

/**
 * Syslog severity keywords (RFC 5424 §6.2.1, rsyslog's `syslogseverity-text`), read on the syslog
 * scale: `alert` and `crit` are errors there, as their numbers are (levelFromSyslogSeverity).
 */
const SYSLOG_SEVERITY_WORDS: ReadonlyMap<string, number> = new Map([
  ['emerg', 0],
  ['panic', 0],
  ['alert', 1],
  ['crit', 2],
  ['err', 3],
  ['error', 3],
  ['warning', 4],
  ['warn', 4],
  ['notice', 5],
  ['info', 6],
  ['debug', 7],
]);

/** A syslog severity keyword in any case (`crit`, `ALERT`), or null when the text is none. */
export function levelFromSyslogWord(value: string): LogLevel | null {
  if (value.length < 3 || value.length > 7) return null;
  const severity = SYSLOG_SEVERITY_WORDS.get(value) ?? SYSLOG_SEVERITY_WORDS.get(value.toLowerCase());
  return severity === undefined ? null : levelFromSyslogSeverity(severity);
}

/** Which scale a numeric level is on; a producer shape names its own (see producers/). */
export type LevelScale = 'auto' | 'syslog' | 'pino' | 'python' | 'otel';

/**
 * A numeric level. On the `auto` scale (no shape known) 0–7 are syslog severities and 10–60 are
 * pino/bunyan levels (10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal). Python's
 * `levelno` (10 DEBUG, 20 INFO, 30 WARNING, 40 ERROR, 50 CRITICAL) and OpenTelemetry's
 * `severityNumber` (1–4 trace, 5–8 debug, 9–12 info, 13–16 warn, 17–20 error, 21–24 fatal) are
 * read on their own scale when the shape says so. Anything else is null.
 */
export function levelFromNumber(value: number, scale: LevelScale = 'auto'): LogLevel | null {
  if (!Number.isInteger(value)) return null;
  switch (scale) {
    case 'syslog':
      return value >= 0 && value <= 7 ? levelFromSyslogSeverity(value) : null;
    case 'python':
      if (value < 1 || value > 59) return null;
      if (value < 20) return 'debug';
      if (value < 30) return 'info';
      if (value < 40) return 'warn';
      if (value < 50) return 'error';
      return 'fatal'; // CRITICAL
    case 'otel':
      if (value < 1 || value > 24) return null;
      return (['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const)[(value - 1) >> 2]!;
    default:
      if (value >= 0 && value <= 7) return levelFromSyslogSeverity(value);
      if (value < 10 || value > 60) return null;
      if (value <= 10) return 'trace';
      if (value <= 20) return 'debug';
      if (value <= 30) return 'info';
      if (value <= 40) return 'warn';
      if (value <= 50) return 'error';
      return 'fatal';
  }
}

/**
 * slog writes levels between the named ones as `INFO+2`, `DEBUG-4`; Heroku's router writes
 * `at=info|error`. Both reduce to a word; the offset is dropped (it never crosses a boundary in
 * practice). Null when the text is no level.
 */
export function levelFromOffsetWord(value: string): LogLevel | null {
  const sign = value.search(/[+-]\d+$/);
  return levelFromString(sign > 0 ? value.slice(0, sign) : value);
}
