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
 * message always masks the same way in training and in production.
 */

/** The placeholder written for every masked value. */
export const VAR = '<*>';

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
// One token. It is split at separators (`= : , ; ( ) [ ] { } < > " ' | @ #`) and each part that
// holds a value becomes `<*>` while the separators stay: `uid=0` → `uid=<*>`, `[10.0.0.1:22]` →
// `[<*>:<*>]`. A part holds a value when it has a digit (numbers, hex, IPv4, dates, durations,
// block ids, UUIDs) unless it is a name with a short number at its end (`SOCKS5`, `ssh2`), or when
// it is a path, a lower-case DNS name, or a host before `:port`. URLs, paths, e-mail addresses,
// IPv6 addresses and clock times are recognized whole first, since separators occur inside them.
// (Everything lives in this one file on purpose: calls across CommonJS module boundaries go
// through export getters, which costs a measurable share in this per-character code.)
// ---------------------------------------------------------------------------------------------

/** Character codes, named. (A plain object: const enums do not survive per-file transpiling.) */
const Ch = {
  Tab: 9,
  Lf: 10,
  Cr: 13,
  Space: 32,
  Quote: 34,
  Hash: 35,
  Apos: 39,
  ParenOpen: 40,
  ParenClose: 41,
  Comma: 44,
  Dash: 45,
  Dot: 46,
  Slash: 47,
  D0: 48,
  D9: 57,
  Colon: 58,
  Semicolon: 59,
  Lt: 60,
  Eq: 61,
  Gt: 62,
  At: 64,
  UpperA: 65,
  UpperF: 70,
  UpperZ: 90,
  BracketOpen: 91,
  Backslash: 92,
  BracketClose: 93,
  Underscore: 95,
  LowerA: 97,
  LowerF: 102,
  LowerZ: 122,
  BraceOpen: 123,
  Pipe: 124,
  BraceClose: 125,
  Tilde: 126,
} as const;

/** Character classes of ASCII, looked up in one typed-array read instead of chains of compares. */
const DIGIT = 1;
const LETTER = 2;
const HEX_LETTER = 4;
const SEPARATOR = 8;
const WRAPPER = 16;
const CHAR_CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) CHAR_CLASS[c] = DIGIT;
for (let c = 65; c <= 90; c++) CHAR_CLASS[c] = LETTER | (c <= 70 ? HEX_LETTER : 0);
for (let c = 97; c <= 122; c++) CHAR_CLASS[c] = LETTER | (c <= 102 ? HEX_LETTER : 0);
// Separators split a token into parts (key from value, host from port, a value from the brackets
// around it). Dots, dashes, underscores and slashes are not separators: they occur inside values
// (IPs, dates, ids, paths) and splitting there would leave fragments of one value behind.
for (const ch of '=:,;()[]{}<>"\'|@#') CHAR_CLASS[ch.charCodeAt(0)]! |= SEPARATOR;
// Wrappers are punctuation that may wrap a whole value (`(…)`, `[…]`, `"…",`), kept around the mask.
for (const ch of '()[]{}<>"\',;.:!?') CHAR_CLASS[ch.charCodeAt(0)]! |= WRAPPER;

function charClass(c: number): number {
  return c < 128 ? (CHAR_CLASS[c] as number) : 0;
}

function isDigit(c: number): boolean {
  return c >= Ch.D0 && c <= Ch.D9;
}

function isHexLetter(c: number): boolean {
  return (charClass(c) & HEX_LETTER) !== 0;
}

function isUpper(c: number): boolean {
  return c >= Ch.UpperA && c <= Ch.UpperZ;
}

function isAsciiLetter(c: number): boolean {
  return (charClass(c) & LETTER) !== 0;
}

function isSeparator(c: number): boolean {
  return (charClass(c) & SEPARATOR) !== 0;
}

function isWrapper(c: number): boolean {
  return (charClass(c) & WRAPPER) !== 0;
}

/** `scheme://…` (the scheme is letters, digits, `+`, `-` or `.`). */
function isUrl(s: string, from: number, to: number): boolean {
  for (let i = from; i < to - 2; i++) {
    const c = s.charCodeAt(i);
    if (c === Ch.Colon) {
      return i > from && s.charCodeAt(i + 1) === Ch.Slash && s.charCodeAt(i + 2) === Ch.Slash;
    }
    if (!(isAsciiLetter(c) || isDigit(c) || c === 43 || c === Ch.Dash || c === Ch.Dot)) return false;
  }
  return false;
}

/** `/a/b`, `./a`, `~/a`, `C:\a`, `\\host\share`: a file-system path of at least two parts. */
function isPath(s: string, from: number, to: number): boolean {
  const len = to - from;
  if (len < 2) return false;
  const c0 = s.charCodeAt(from);
  const c1 = s.charCodeAt(from + 1);
  if (len >= 3 && isAsciiLetter(c0) && c1 === Ch.Colon && s.charCodeAt(from + 2) === Ch.Backslash)
    return true;
  if (c0 === Ch.Backslash && c1 === Ch.Backslash) return true;
  let start = from;
  if (c0 === Ch.Dot || c0 === Ch.Tilde) {
    if (c1 === Ch.Slash) start = from + 1;
    else if (c0 === Ch.Dot && c1 === Ch.Dot && s.charCodeAt(from + 2) === Ch.Slash) start = from + 2;
    else return false;
  }
  if (s.charCodeAt(start) !== Ch.Slash) return false;
  // A second slash after at least one name character: `/usr/lib`, not `/` or `//`.
  for (let i = start + 2; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === Ch.Slash) return true;
    if (isWhitespace(c)) return false;
  }
  return false;
}

/** `local@domain.tld` with a plain local part and a dotted domain. */
function isEmail(s: string, from: number, to: number): boolean {
  const at = s.indexOf('@', from);
  if (at <= from || at >= to - 3) return false;
  let dotAfterAt = false;
  for (let i = from; i < to; i++) {
    if (i === at) continue;
    const c = s.charCodeAt(i);
    if (c === Ch.Dot) {
      if (i > at) dotAfterAt = true;
      continue;
    }
    if (!(isAsciiLetter(c) || isDigit(c) || c === Ch.Dash || c === Ch.Underscore || c === 43)) return false;
  }
  return dotAfterAt && s.charCodeAt(to - 1) !== Ch.Dot;
}

/**
 * Hex digits, dots and at least two colons with a digit: IPv6 addresses (`fe80::1`, `::ffff:1.2.3.4`)
 * and clock times (`20:30:31.455`). Both are one value, so they are masked whole.
 */
function isColonValue(s: string, from: number, to: number): boolean {
  let colons = 0;
  let digit = false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === Ch.Colon) colons++;
    else if (isDigit(c)) digit = true;
    else if (!(isHexLetter(c) || c === Ch.Dot)) return false;
  }
  return colons >= 2 && digit;
}

/** A dotted host name made of labels (`proxy.example.com`), checked when a `:port` follows it. */
function isHostName(s: string, from: number, to: number): boolean {
  let dots = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === Ch.Dot) dots++;
    else if (!(isAsciiLetter(c) || isDigit(c) || c === Ch.Dash || c === Ch.Underscore)) return false;
  }
  return dots > 0 || (to - from === 9 && s.startsWith('localhost', from));
}

/**
 * Masks one whitespace-free token.
 * Returns the token itself when nothing in it is variable, so most words cost one scan.
 */
export function maskToken(token: string): string {
  const len = token.length;
  // One pass notes which characters occur, to skip the checks that cannot apply.
  let digits = false;
  let letters = false;
  let slash = false;
  let colon = false;
  let other = false; // `@`, `=`, `\`, or a `.` / `:` inside the token
  for (let i = 0; i < len; i++) {
    const c = token.charCodeAt(i);
    if (isDigit(c)) digits = true;
    else if (isAsciiLetter(c)) letters = true;
    else if (c === Ch.Slash || c === Ch.Backslash) slash = true;
    else if (c === Ch.Eq) {
      if (token.charCodeAt(i + 1) === Ch.Quote) return maskQuotedValue(token, i);
      other = true;
    } else if (c === Ch.Colon) {
      colon = true;
      if (i < len - 1) other = true;
    } else if (c === Ch.At || (c === Ch.Dot && i < len - 1)) other = true;
  }
  if (!digits && !slash && !other) return token;

  // Whole-value kinds first, on the token without the punctuation wrapped around it.
  let from = 0;
  let to = len;
  while (from < to && isWrapper(token.charCodeAt(from))) from++;
  while (to > from && isWrapper(token.charCodeAt(to - 1))) to--;
  if (from >= to) return token;
  if (
    (slash && (isPath(token, from, to) || (colon && isUrl(token, from, to)))) ||
    (colon && digits && isColonValue(token, from, to)) ||
    (other && letters && isEmail(token, from, to))
  ) {
    return from === 0 && to === len ? VAR : token.slice(0, from) + VAR + token.slice(to);
  }
  if (!letters && digits && isPlainNumber(token, from, to)) {
    return from === 0 && to === len ? VAR : token.slice(0, from) + VAR + token.slice(to);
  }
  return maskParts(token);
}

/** Digits with `.`, `-` or `_` between them (`42`, `-1`, `0.25`, `10.0.0.1`, `2016-09-28`): one value. */
function isPlainNumber(token: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = token.charCodeAt(i);
    if (!(isDigit(c) || c === Ch.Dot || c === Ch.Dash || c === Ch.Underscore || c === 43)) return false;
  }
  return true;
}

/** `key="any value"` (spaces included, see `splitTokens`): the quoted value is one value. */
function maskQuotedValue(token: string, eq: number): string {
  const close = token.indexOf('"', eq + 2);
  if (close < 0) return maskParts(token);
  const value = close > eq + 2 ? VAR : '';
  return maskToken(token.slice(0, eq)) + '="' + value + '"' + maskToken(token.slice(close + 1));
}

/**
 * Splits a token at separators and masks each part that holds a value: a digit anywhere, a path,
 * a host before `:port`, or whatever follows `=` when it is not a plain word.
 */
function maskParts(token: string): string {
  const len = token.length;
  // Built only from the first masked part on; a token with nothing to mask is returned as is.
  let out: string | null = null;
  let partStart = 0;
  let prevSep = -1; // the separator before the current part, -1 at the start
  for (let i = 0; i <= len; i++) {
    const c = i < len ? token.charCodeAt(i) : -1;
    if (c !== -1 && !isSeparator(c)) continue;
    if (i > partStart && isValuePart(token, partStart, i, prevSep, c)) {
      out = (out ?? '') + (out === null ? token.slice(0, partStart) : '') + VAR;
    } else if (out !== null) {
      out += token.slice(partStart, i);
    }
    if (c !== -1 && out !== null) out += token[i];
    prevSep = c;
    partStart = i + 1;
    // `[2001:db8::1]:8080`: an IPv6 address in brackets is one value despite its colons.
    if (c === Ch.BracketOpen) {
      const close = token.indexOf(']', i + 1);
      if (close > i + 1 && isColonValue(token, i + 1, close)) {
        out = (out ?? token.slice(0, i + 1)) + VAR;
        partStart = close;
        i = close - 1;
      }
    }
  }
  return out ?? token;
}

function isValuePart(token: string, from: number, to: number, sepBefore: number, sepAfter: number): boolean {
  let letters = 0;
  let digits = 0;
  let dots = 0;
  for (let i = from; i < to; i++) {
    const c = token.charCodeAt(i);
    const k = charClass(c);
    if (k & DIGIT) digits++;
    else if (k & LETTER) letters++;
    else if (c === Ch.Dot) dots++;
  }
  if (digits > 0) {
    if (letters === 0 || (dots > 0 && isDomainName(token, from, to))) return true;
    return !(isVersionedName(token, from, to, 2) || (dots > 0 && isDottedName(token, from, to)));
  }
  if (letters === 0) return sepBefore === Ch.Eq && to > from; // `mode=-`: a value that is not a word
  if (isPath(token, from, to) || (dots > 0 && isDomainName(token, from, to))) return true;
  // `myhost:8080` — a name is known to be a host when a port follows it.
  if (sepAfter === Ch.Colon && isHostName(token, from, to)) {
    let j = to + 1;
    while (j < token.length && isDigit(token.charCodeAt(j))) j++;
    return (
      j > to + 1 && (j === token.length || isSeparator(token.charCodeAt(j)) || isWrapper(token.charCodeAt(j)))
    );
  }
  return false;
}

/**
 * A word with a short number at its end (`SOCKS5`, `ssh2`, `IPv6`, `utf8`, `Win32`) is a name, not
 * a value: protocols and encodings are what distinguishes one event from another.
 */
function isVersionedName(token: string, from: number, to: number, minLetters: number): boolean {
  let i = from;
  let hexOnly = true;
  for (; i < to; i++) {
    const c = token.charCodeAt(i);
    if (!isAsciiLetter(c)) break;
    if (!isHexLetter(c)) hexOnly = false;
  }
  const letters = i - from;
  // `fe80`, `ab12`: hex digits, a value (but `ee0`, `eth0` are interface names).
  if (hexOnly && to - i >= 2) return false;
  const digits = to - i;
  if (letters < minLetters || digits < 1 || digits > 2) return false;
  for (; i < to; i++) if (!isDigit(token.charCodeAt(i))) return false;
  return true;
}

/**
 * `org.apache.hadoop.mapreduce.v2.app.MRAppMaster`: a dotted name whose labels are words or
 * versioned names is a class or package name, not a value (`v6.1.7601`, `10.0.0.1` are values).
 */
function isDottedName(token: string, from: number, to: number): boolean {
  let labelStart = from;
  let labels = 0;
  for (let i = from; i <= to; i++) {
    if (i < to && token.charCodeAt(i) !== Ch.Dot) continue;
    if (i === labelStart) return false;
    labels++;
    let hasDigit = false;
    for (let j = labelStart; j < i; j++) {
      if (isDigit(token.charCodeAt(j))) {
        hasDigit = true;
        break;
      }
    }
    if (hasDigit && !isVersionedName(token, labelStart, i, 1)) return false;
    labelStart = i + 1;
  }
  return labels >= 2;
}

const TOP_LEVEL_DOMAINS = new Set(['com', 'net', 'org', 'edu', 'gov', 'io', 'info', 'biz']);

/**
 * A lower-case dotted DNS name ending in an alphabetic top-level label (`proxy.cse.cuhk.edu.hk`,
 * `api.github.com`). Class and package names (`org.apache.Foo`, `com.android.systemui`) do not
 * qualify: they have upper-case letters or a last label longer than a TLD.
 */
function isDomainName(token: string, from: number, to: number): boolean {
  let dots = 0;
  let lastDot = -1;
  for (let i = from; i < to; i++) {
    const c = token.charCodeAt(i);
    if (c === Ch.Dot) {
      if (i === from || i === lastDot + 1) return false;
      dots++;
      lastDot = i;
    } else if (!((c >= Ch.LowerA && c <= Ch.LowerZ) || isDigit(c) || c === Ch.Dash)) return false;
  }
  const tldLength = to - lastDot - 1;
  if (dots === 0 || tldLength < 2 || tldLength > 6) return false;
  for (let i = lastDot + 1; i < to; i++) if (!isAsciiLetter(token.charCodeAt(i))) return false;
  return dots >= 2 || TOP_LEVEL_DOMAINS.has(token.slice(lastDot + 1, to));
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
    let m = maskToken(token);
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

function isWhitespace(c: number): boolean {
  return c === Ch.Space || (c >= Ch.Tab && c <= Ch.Cr) || c === 0xa0;
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
