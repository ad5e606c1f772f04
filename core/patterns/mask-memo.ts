/**
 * A memo of masking results for lines that are equal up to their digits.
 *
 * Masking reads digits only as digits — never their values — so two lines that differ only in which
 * digits they hold (`took 12 ms` / `took 47 ms`, `blk_-16089…` / `blk_-38044…`) split into the same
 * tokens at the same offsets and mask to the same tokens, unless a digit survives masking (`ssh2`,
 * `eth0`): such lines are not memoized. Real logs repeat this way far more than they repeat
 * exactly — the 32,000 Loghub sample lines have 15,487 distinct texts but only 4,115 distinct
 * digit patterns — so most lines skip tokenizing and masking: a hash over the line, a
 * character-by-character check against the line the entry was made from, and slices for the raw
 * tokens.
 *
 * Bounded: at most `maxEntries` lines (oldest dropped first), each at most `MAX_MEMO_CHARS` long:
 * a few MB at worst with the defaults.
 */
import { maskTokens, type MaskedTokens } from './mask';

/** Longer lines are rare and costly to keep: they are masked every time. */
export const MAX_MEMO_CHARS = 512;

const D0 = 48;
const D9 = 57;

/** What a line masks to, and where its raw tokens lie in it (the same offsets in every line that matches). */
interface MemoEntry {
  /** The line the entry was made from: a candidate matches it when equal up to digits. */
  sample: string;
  masked: readonly string[];
  /** `masked` joined by single spaces. */
  key: string;
  /** Start and end offset of each raw token, in pairs. */
  spans: Int32Array;
}

/** A masked line: its masked tokens (shared with the memo: never to be modified) and raw tokens. */
export interface MaskedLine {
  masked: readonly string[];
  key: string;
  /** The raw text behind `masked[i]` in the line. */
  raw(i: number): string;
}

/** A line answered by the memo: raw tokens are cut from the line at the entry's offsets. */
class RecalledLine implements MaskedLine {
  constructor(
    readonly masked: readonly string[],
    readonly key: string,
    private readonly line: string,
    private readonly spans: Int32Array,
  ) {}

  raw(i: number): string {
    return this.line.slice(this.spans[2 * i], this.spans[2 * i + 1]);
  }
}

/** A line masked afresh. */
class MaskedNow implements MaskedLine {
  constructor(
    readonly masked: readonly string[],
    readonly key: string,
    private readonly rawTokens: readonly string[],
  ) {}

  raw(i: number): string {
    return this.rawTokens[i] ?? '';
  }
}

export class MaskMemo {
  private readonly entries = new Map<number, MemoEntry>();
  hits = 0;
  misses = 0;

  /** `maxEntries` 0 turns the memo off. */
  constructor(private readonly maxEntries = 8192) {
    if (!Number.isInteger(maxEntries) || maxEntries < 0)
      throw new RangeError(`maxEntries must be a non-negative integer, got ${maxEntries}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The masking of `line`: remembered, or computed now (and remembered when that is safe). */
  mask(line: string): MaskedLine {
    const hit = this.get(line);
    if (hit !== null) return hit;
    const tokens = maskTokens(line);
    const key = tokens.masked.join(' ');
    this.remember(line, tokens, key);
    return new MaskedNow(tokens.masked, key, tokens.raw);
  }

  /** The masking of `line` if a line equal to it up to digits was remembered; null otherwise. */
  get(line: string): MaskedLine | null {
    if (line.length > MAX_MEMO_CHARS) return null;
    const entry = this.entries.get(digitBlindHash(line));
    if (entry === undefined || !equalUpToDigits(entry.sample, line)) {
      this.misses++;
      return null;
    }
    this.hits++;
    return new RecalledLine(entry.masked, entry.key, line, entry.spans);
  }

  /**
   * Remembers how `line` masked, when that holds for every line equal to it up to digits: no digit
   * left in the masked tokens, and every raw token a plain slice of the line (a value folded from
   * several tokens is rebuilt with single spaces, which the line may not have).
   */
  remember(line: string, tokens: MaskedTokens, key: string): void {
    if (this.maxEntries === 0 || line.length > MAX_MEMO_CHARS || hasDigit(key)) return;
    const spans = new Int32Array(tokens.raw.length * 2);
    let pos = 0;
    for (let i = 0; i < tokens.raw.length; i++) {
      const raw = tokens.raw[i] as string;
      while (pos < line.length && !line.startsWith(raw, pos) && isSpace(line.charCodeAt(pos))) pos++;
      if (!line.startsWith(raw, pos)) return;
      spans[2 * i] = pos;
      spans[2 * i + 1] = pos + raw.length;
      pos += raw.length;
    }
    if (this.entries.size >= this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as number);
    }
    this.entries.set(digitBlindHash(line), { sample: line, masked: tokens.masked, key, spans });
  }
}

function isDigitCode(c: number): boolean {
  return c >= D0 && c <= D9;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0;
}

function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isDigitCode(s.charCodeAt(i))) return true;
  return false;
}

/** FNV-1a over the line's characters, every digit counted as `0`. */
function digitBlindHash(line: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    h = Math.imul(h ^ (isDigitCode(c) ? D0 : c), 0x01000193);
  }
  return h;
}

function equalUpToDigits(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y && !(isDigitCode(x) && isDigitCode(y))) return false;
  }
  return true;
}
