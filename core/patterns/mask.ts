/**
 * Variable masking: the first step of template mining and the text the ML models are trained on.
 *
 * A message is split on whitespace into tokens and each token is masked on its own by a
 * hand-written scanner (one pass over its characters in the common case, no regular expressions,
 * because masking dominates the cost of mining): numbers, hex, IPs with ports, UUIDs, paths, URLs,
 * e-mail addresses, host names, clock times and the values of `key=value` / `key="quoted value"`
 * become `<*>`. Then a few rules look across tokens: a month or weekday beside a number is part of
 * a date, a unit after a number is part of it (`12 ms`, `4.0 KB`), and a run of values — including
 * a bracketed note right after a value — is one `<*>`, so that values spelled with a varying
 * number of words (`lifetime 00:17` / `lifetime <1 sec`) give the same masked text.
 *
 * The output is deterministic and depends on the message alone (no learned state), so the same
 * message always masks the same way in training and in production. One token is masked by
 * mask-token.ts; this file holds the tokenizer and the rules across tokens.
 */

import { characterClasses } from './char-class';
import { maskToken } from './mask-token';
import { VAR as PLACEHOLDER } from './placeholder';

// Bound once here: calls through these locals are direct (see char-class.ts).
const { Ch, isAsciiLetter, isDigit, isUpper, isWhitespace, isWrapper } = characterClasses();
const maskOneToken = maskToken; // bound once, as above
const VAR = PLACEHOLDER;

export { maskToken, PLACEHOLDER as VAR };

/** Upper bound on the characters of a message that are masked and mined; the rest is ignored. */
export const MAX_MESSAGE_CHARS = 8192;
/** Upper bound on the tokens of a message; longer messages keep their first tokens only. */
export const MAX_TOKENS = 256;

/** A message split into tokens: `masked[i]` is the masked form of `raw[i]`. */
export interface MaskedTokens {
  raw: string[];
  masked: string[];
}

// ---------------------------------------------------------------------------------------------
// A message: tokens, and the rules that look across tokens.
// ---------------------------------------------------------------------------------------------

/**
 * Splits a message into tokens and masks them. `raw[i]` is the text behind `masked[i]`; when
 * several tokens fold into one value, `raw[i]` holds them joined by single spaces.
 */
export function maskTokens(text: string): MaskedTokens {
  const tokens = splitTokens(text);
  const raw: string[] = [];
  const masked: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    let m = maskOneToken(token);
    const last = masked.length - 1;
    if (m === token) {
      // A plain word: it may still be a unit of the value before it, or a month or weekday.
      if (last >= 0 && (masked[last] as string).endsWith(VAR) && isUnit(token)) {
        masked[last] += token.slice(unitLength(token));
        raw[last] += ' ' + token;
        foldIntoPrevious(raw, masked);
        continue;
      }
      if (isDateWord(token, tokens, i)) m = VAR;
    }
    raw.push(token);
    masked.push(m);
    foldIntoPrevious(raw, masked);
  }
  return { raw, masked };
}

/**
 * Folds the last token into the one before when that one is a whole value and the last is a value
 * too, or a bracketed note (`(<*>)`, `[<*>]`, `()`): `Jun 17 07:07:00 2005` and
 * `4096 bytes (4.0 KB)` are one value each.
 */
function foldIntoPrevious(raw: string[], masked: string[]): void {
  const last = masked.length - 1;
  if (last < 1 || masked[last - 1] !== VAR) return;
  const m = masked[last] as string;
  if (m !== VAR && !isBracketedValue(m)) return;
  raw[last - 1] += ' ' + (raw[last] as string);
  raw.pop();
  masked.pop();
}

/** `(<*>)`, `[<*>]`, `()`, `[]`: a value, or nothing, in brackets. */
function isBracketedValue(m: string): boolean {
  const open = m.charCodeAt(0);
  if (open !== Ch.ParenOpen && open !== Ch.BracketOpen) return false;
  const close = m.charCodeAt(m.length - 1);
  if (!(
    (open === Ch.ParenOpen && close === Ch.ParenClose) ||
    (open === Ch.BracketOpen && close === Ch.BracketClose)
  )) {
    return false;
  }
  return m.length === 2 || (m.length === VAR.length + 2 && m.startsWith(VAR, 1));
}

/**
 * A word set that also holds the Capitalized and UPPER forms of each word, so that lookups need no
 * lower-casing (this runs for nearly every word of every message).
 */
function caseVariants(words: readonly string[]): Set<string> {
  const set = new Set<string>();
  for (const w of words) {
    set.add(w);
    set.add(w.toUpperCase());
    set.add(w.charAt(0).toUpperCase() + w.slice(1));
  }
  return set;
}

// prettier-ignore
const UNITS = caseVariants([
  'b', 'kb', 'mb', 'gb', 'tb', 'kib', 'mib', 'gib', 'tib', 'byte', 'bytes', 'KiB', 'MiB', 'GiB', 'TiB',
  'ns', 'us', 'µs', 'ms', 's', 'sec', 'secs', 'second', 'seconds', 'min', 'mins', 'minute', 'minutes',
  'h', 'hr', 'hrs', 'hour', 'hours', 'day', 'days', '%',
]);

/** Length of a token without its closing punctuation (`KB)` → 2). */
function unitLength(token: string): number {
  let end = token.length;
  while (end > 0 && isWrapper(token.charCodeAt(end - 1))) end--;
  return end;
}

function isUnit(token: string): boolean {
  if (token.length > 8) return false;
  const end = unitLength(token);
  return end > 0 && UNITS.has(end === token.length ? token : token.slice(0, end));
}

// prettier-ignore
const MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
];
// prettier-ignore
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** The first three letters of a word, lower-cased and packed in an integer (no string is built). */
function prefixCode(s: string, at: number): number {
  return (
    ((s.charCodeAt(at) | 0x20) << 16) | ((s.charCodeAt(at + 1) | 0x20) << 8) | (s.charCodeAt(at + 2) | 0x20)
  );
}

/** Prefix code → the full lower-case name, for months and weekdays. */
const MONTH_BY_PREFIX = new Map(MONTHS.map((m) => [prefixCode(m, 0), m]));
const WEEKDAY_BY_PREFIX = new Map(WEEKDAYS.map((d) => [prefixCode(d, 0), d]));

/**
 * Whether `token` (letters, optionally followed by `,` or `.`) is a name from `byPrefix`: its
 * three-letter abbreviation, `Sept`, or the full name, in any case.
 */
function isCalendarName(token: string, byPrefix: Map<number, string>): boolean {
  let len = token.length;
  const lastChar = token.charCodeAt(len - 1);
  if (lastChar === Ch.Comma || lastChar === Ch.Dot) len--;
  if (len < 3) return false;
  const full = byPrefix.get(prefixCode(token, 0));
  if (full === undefined) return false;
  if (len === 3 || len === full.length) return len === 3 || token.slice(0, len).toLowerCase() === full;
  return len === 4 && full === 'september' && (token.charCodeAt(3) | 0x20) === 0x74; // Sept
}

function startsWithDigit(token: string | undefined): boolean {
  return token !== undefined && isDigit(token.charCodeAt(0));
}

/** A month name beside a number (`Jun 17`, `17 Jun`) or a weekday before a date: part of a date. */
function isDateWord(token: string, tokens: readonly string[], i: number): boolean {
  const len = token.length;
  if (len < 3 || len > 10 || !isAsciiLetter(token.charCodeAt(0))) return false;
  const next = tokens[i + 1];
  const besideNumber = startsWithDigit(next) || startsWithDigit(tokens[i - 1]);
  // Without a number beside it, only a capitalized weekday before a capitalized month qualifies.
  if (!besideNumber && !(isUpper(token.charCodeAt(0)) && next !== undefined && isUpper(next.charCodeAt(0)))) {
    return false;
  }
  if (isCalendarName(token, MONTH_BY_PREFIX)) return besideNumber;
  if (isCalendarName(token, WEEKDAY_BY_PREFIX)) {
    return besideNumber || (next !== undefined && isCalendarName(next, MONTH_BY_PREFIX));
  }
  return false;
}
/**
 * Whitespace tokenization, bounded in characters and tokens so a huge message costs a bounded
 * amount. A `key="…"` value is one token up to its closing quote, spaces included. (A plain
 * character loop: as fast as `String.prototype.split` and handles every kind of whitespace.)
 */
export function splitTokens(text: string): string[] {
  const tokens: string[] = [];
  const end = text.length < MAX_MESSAGE_CHARS ? text.length : MAX_MESSAGE_CHARS;
  let i = 0;
  while (i < end && tokens.length < MAX_TOKENS) {
    let c = text.charCodeAt(i);
    while (isWhitespace(c)) {
      if (++i >= end) return tokens;
      c = text.charCodeAt(i);
    }
    const start = i;
    for (;;) {
      if (c === Ch.Quote && i > start && text.charCodeAt(i - 1) === Ch.Eq) {
        const close = text.indexOf('"', i + 1);
        if (close > 0 && close < end) i = close;
      }
      if (++i >= end) break;
      c = text.charCodeAt(i);
      if (isWhitespace(c)) break;
    }
    tokens.push(text.slice(start, i));
  }
  return tokens;
}

/**
 * The masked message: tokens masked and joined by single spaces. Stable for a given input; this is
 * the text the ML models see.
 */
export function maskMessage(text: string): string {
  return maskTokens(text).masked.join(' ');
}
