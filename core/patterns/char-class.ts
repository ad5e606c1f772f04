/**
 * ASCII character classes for the maskers' scanners: named codes, and one typed-array lookup per
 * character instead of chains of compares.
 *
 * Import these through `characterClasses()` into module-level constants (see mask-token.ts): under
 * tsx, which the headless host runs on, every call through an imported binding goes through an
 * export getter, and per-character calls that way made masking four times slower (measured).
 */

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

function isWhitespace(c: number): boolean {
  return c === Ch.Space || (c >= Ch.Tab && c <= Ch.Cr) || c === 0xa0;
}

/** The predicates as plain values, to bind once to local constants (see the note above). */
export function characterClasses() {
  return {
    Ch,
    DIGIT,
    LETTER,
    charClass,
    isDigit,
    isHexLetter,
    isUpper,
    isAsciiLetter,
    isSeparator,
    isWrapper,
    isWhitespace,
  };
}
