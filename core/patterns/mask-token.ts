/**
 * Masking of one whitespace-free token (see mask.ts for the message level). The token is split at
 * separators (`= : , ; ( ) [ ] { } < > " ' | @ #`) and each part that holds a value becomes `<*>`
 * while the separators stay: `uid=0` → `uid=<*>`, `[10.0.0.1:22]` → `[<*>:<*>]`. A part holds a
 * value when it has a digit (numbers, hex, IPv4, dates, durations, block ids, UUIDs) unless it is a
 * name with a short number at its end (`SOCKS5`, `ssh2`), or when it is a path, a lower-case DNS
 * name, or a host before `:port`. URLs, paths, e-mail addresses, IPv6 addresses and clock times are
 * recognized whole first, since separators occur inside them.
 */
import { characterClasses } from './char-class';
import { VAR as PLACEHOLDER } from './placeholder';

// Bound once here: calls through these locals are direct (see char-class.ts).
const {
  Ch,
  charClass,
  DIGIT,
  LETTER,
  isAsciiLetter,
  isDigit,
  isHexLetter,
  isSeparator,
  isWhitespace,
  isWrapper,
} = characterClasses();

const VAR = PLACEHOLDER;

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
