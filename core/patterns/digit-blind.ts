/**
 * Reading a line with its digits blurred: a hash and an equality in which every digit counts as
 * `0`, so that `took 12 ms` and `took 47 ms` hash and compare alike. The masking memo
 * (mask-memo.ts) finds its entries with these.
 *
 * Import these through `digitBlindReaders()` into module-level constants: under tsx every call
 * through an imported binding goes through an export getter (see char-class.ts).
 */

const D0 = 48;
const D9 = 57;

/** FNV-1a's 32-bit offset basis: the hash of the empty string. */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function isDigitCode(c: number): boolean {
  return c >= D0 && c <= D9;
}

/**
 * Continues an FNV-1a hash `h` over `line[from, to)`, every digit counted as `0`; start with
 * `FNV_OFFSET`. Hashing a line in two steps (`0..k`, then `k..end`) gives the same value as
 * hashing it in one.
 */
function digitBlindHashFrom(h: number, line: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const c = line.charCodeAt(i);
    h = Math.imul(h ^ (isDigitCode(c) ? D0 : c), FNV_PRIME);
  }
  return h;
}

/**
 * The line with every digit as `0`: what `equalsDigitBlind` compares against, so that a comparison
 * maps the digits of one line only. Kept as a string, not a Uint16Array: thousands of small typed
 * arrays churning through the memo cost ~30 MB of resident memory (malloc'd backing stores) for no
 * measurable speed.
 */
function digitBlindText(line: string): string {
  return line.replace(/[0-9]/g, '0');
}

/**
 * Whether `line` equals the line `blind` was made from up to digits: the same length, and the same
 * character at every position except where both hold a digit.
 */
function equalsDigitBlind(blind: string, line: string): boolean {
  const len = blind.length;
  if (line.length !== len) return false;
  for (let i = 0; i < len; i++) {
    const c = line.charCodeAt(i);
    if ((isDigitCode(c) ? D0 : c) !== blind.charCodeAt(i)) return false;
  }
  return true;
}

function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isDigitCode(s.charCodeAt(i))) return true;
  return false;
}

/** The functions as plain values, to bind once to local constants (see the note above). */
export function digitBlindReaders() {
  return {
    FNV_OFFSET,
    FNV_PRIME,
    digitBlindHashFrom,
    digitBlindText,
    equalsDigitBlind,
    hasDigit,
  };
}
