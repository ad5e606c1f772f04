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

/** Syslog severity (RFC 5424 §6.2.1): 0 emerg … 7 debug. */
export function levelFromSyslogSeverity(severity: number): LogLevel {
  if (severity <= 2) return 'fatal'; // emerg, alert, crit
  if (severity === 3) return 'error';
  if (severity === 4) return 'warn';
  if (severity <= 6) return 'info'; // notice, info
  return 'debug';
}

/**
 * A numeric level. 0–7 are syslog severities; 10–60 are pino/bunyan levels (10 trace, 20 debug,
 * 30 info, 40 warn, 50 error, 60 fatal), the common source of numeric levels in JSON logs.
 * Python's numeric levels (20 INFO, 30 WARNING, 40 ERROR) disagree with pino by one step; Python
 * JSON loggers write `levelname` strings, so pino wins. Anything else is null.
 */
export function levelFromNumber(value: number): LogLevel | null {
  if (!Number.isInteger(value)) return null;
  if (value >= 0 && value <= 7) return levelFromSyslogSeverity(value);
  if (value < 10 || value > 60) return null;
  if (value <= 10) return 'trace';
  if (value <= 20) return 'debug';
  if (value <= 30) return 'info';
  if (value <= 40) return 'warn';
  if (value <= 50) return 'error';
  return 'fatal';
}
