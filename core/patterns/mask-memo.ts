/**
 * A memo of masking results for lines that are equal up to their digits.
 *
 * Masking reads digits only as digits — never their values — so two lines that differ only in which
 * digits they hold (`took 12 ms` / `took 47 ms`, `blk_-16089…` / `blk_-38044…`) split into the same
 * tokens at the same offsets and mask to the same tokens. A digit that survives masking (`ssh2`,
 * `eth0`) is the exception: an entry whose masked tokens keep digits also keeps the raw tokens they
 * come from, and answers only lines holding those very tokens there (a variant `ssh3` is masked
 * afresh). A line whose kept digits sit in a token only partly masked (`PSR0=<*>`) is not memoized.
 * Real logs repeat this way far more than they repeat exactly — the 32,000 Loghub sample lines have
 * 15,487 distinct texts but only 4,115 distinct digit patterns — so most lines skip tokenizing and
 * masking: a hash over the line, a character-by-character check against the line the entry was made
 * from, and slices for the raw tokens.
 *
 * Hashing the whole line and then comparing it would read every line twice. So the entry last seen
 * with the same length and the same first `GUESS_PREFIX_CHARS` characters (up to digits) is tried
 * first: it is the right one for nine lines in ten, and then the line is read once (a short hash,
 * then the comparison). Only when that guess fails is the rest of the line hashed and the entry
 * under the full hash compared, which gives the same answer, since a remembered line equal to this
 * one up to digits has the same full hash.
 *
 * Bounded: at most `maxEntries` lines (oldest dropped first), each at most `MAX_MEMO_CHARS` long:
 * a few MB at worst with the defaults. The guesses point only at entries in the memo.
 */
import { digitBlindReaders } from './digit-blind';
import { maskTokens, type MaskedTokens } from './mask';

// Bound once here: calls through these locals are direct (see char-class.ts).
const { FNV_OFFSET, FNV_PRIME, digitBlindHashFrom, digitBlindText, equalsDigitBlind, hasDigit } =
  digitBlindReaders();
const maskLine = maskTokens; // bound once, as above: it runs for every line not in the memo

/** Longer lines are rare and costly to keep: they are masked every time. */
export const MAX_MEMO_CHARS = 512;

/**
 * Characters hashed to pick the guess. Measured on Loghub: 8 already finds nine in ten hits; more
 * finds few more and costs a longer hash on every line.
 */
const GUESS_PREFIX_CHARS = 8;

/** What a line masks to, and where its raw tokens lie in it (the same offsets in every line that matches). */
interface MemoEntry {
  /** The line the entry was made from, digits as `0`: a candidate matches it when equal up to digits. */
  sample: string;
  masked: readonly string[];
  /** `masked` joined by single spaces. */
  key: string;
  /** Start and end offset of each raw token, in pairs. */
  spans: readonly number[];
  /** The key of `guesses` it may be filed under (see `guessKeyOf`). */
  guessKey: number;
  note: MemoNote;
  /**
   * Raw tokens kept verbatim by masking that hold digits (`ssh2`), with their start offsets: a line
   * matches only if it holds the same token there. Null when masking kept no digit (most entries).
   */
  keptTokens: readonly string[] | null;
  keptStarts: readonly number[] | null;
}

/**
 * Scratch space of the memo's user, one per entry, shared by every line the entry answers: the
 * miner notes there what its exact cache held for the entry's `key`, and under which `stamp` of
 * that cache, to skip the lookup while the cache is unchanged.
 */
export interface MemoNote {
  stamp: number;
  value: unknown;
}

/** A masked line: its masked tokens (shared with the memo: never to be modified) and raw tokens. */
export interface MaskedLine {
  masked: readonly string[];
  key: string;
  /** The raw text behind `masked[i]` in the line. */
  raw(i: number): string;
  /** The entry's note when the memo answered; null for a line masked afresh. */
  readonly note: MemoNote | null;
}

/** A line answered by the memo: raw tokens are cut from the line at the entry's offsets. */
class RecalledLine implements MaskedLine {
  constructor(
    readonly masked: readonly string[],
    readonly key: string,
    private readonly line: string,
    private readonly spans: readonly number[],
    readonly note: MemoNote,
  ) {}

  raw(i: number): string {
    return this.line.slice(this.spans[2 * i], this.spans[2 * i + 1]);
  }
}

/** A line masked afresh. */
class MaskedNow implements MaskedLine {
  readonly note = null;

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
  /** Digit-blind hash of the line → entry; Map order is insertion order, oldest first. */
  private readonly entries = new Map<number, MemoEntry>();
  /** Guess key → the entry most recently made or hit with it; every value is also in `entries`. */
  private readonly guesses = new Map<number, MemoEntry>();
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
    const tokens = maskLine(line);
    const key = tokens.masked.join(' ');
    this.remember(line, tokens, key);
    return new MaskedNow(tokens.masked, key, tokens.raw);
  }

  /** The masking of `line` if a line equal to it up to digits was remembered; null otherwise. */
  get(line: string): MaskedLine | null {
    const len = line.length;
    if (len > MAX_MEMO_CHARS) return null;
    const prefixEnd = len < GUESS_PREFIX_CHARS ? len : GUESS_PREFIX_CHARS;
    const prefixHash = digitBlindHashFrom(FNV_OFFSET, line, 0, prefixEnd);
    const guessKey = guessKeyOf(prefixHash, len);
    const guess = this.guesses.get(guessKey);
    if (guess !== undefined && matches(guess, line)) return this.hit(guess, line);
    const entry = this.entries.get(digitBlindHashFrom(prefixHash, line, prefixEnd, len));
    if (entry === undefined || entry === guess || !matches(entry, line)) {
      this.misses++;
      return null;
    }
    // The entry's guess key is this line's (same length, same prefix up to digits): next time it is found first.
    this.guesses.set(guessKey, entry);
    return this.hit(entry, line);
  }

  private hit(entry: MemoEntry, line: string): MaskedLine {
    this.hits++;
    return new RecalledLine(entry.masked, entry.key, line, entry.spans, entry.note);
  }

  /**
   * Remembers how `line` masked, when that holds for every line equal to it up to digits that
   * holds the same digit-keeping tokens: every masked token that keeps a digit is its raw token
   * verbatim, and every raw token is a plain slice of the line (a value folded from several tokens
   * is rebuilt with single spaces, which the line may not have).
   */
  remember(line: string, tokens: MaskedTokens, key: string): void {
    if (this.maxEntries === 0 || line.length > MAX_MEMO_CHARS) return;
    const kept = hasDigit(key) ? digitKeepingTokens(tokens) : null;
    if (kept === undefined) return;
    // Plain arrays of small integers live in the JS heap; typed arrays would each be a malloc'd
    // backing store, and thousands of them churning through the memo fragment resident memory.
    const spans = new Array<number>(tokens.raw.length * 2).fill(0);
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
      this.drop(this.entries.keys().next().value as number);
    }
    const prefixEnd = Math.min(line.length, GUESS_PREFIX_CHARS);
    const prefixHash = digitBlindHashFrom(FNV_OFFSET, line, 0, prefixEnd);
    const hash = digitBlindHashFrom(prefixHash, line, prefixEnd, line.length);
    const entry: MemoEntry = {
      sample: digitBlindText(line),
      masked: tokens.masked,
      key,
      spans,
      guessKey: guessKeyOf(prefixHash, line.length),
      note: { stamp: -1, value: undefined },
      keptTokens: kept === null ? null : kept.map((i) => tokens.raw[i] as string),
      keptStarts: kept === null ? null : kept.map((i) => spans[2 * i] as number),
    };
    // A line with the hash of an entry replaces it in place (its age stays the old entry's).
    const replaced = this.entries.get(hash);
    if (replaced !== undefined) this.unguess(replaced);
    this.entries.set(hash, entry);
    this.guesses.set(entry.guessKey, entry);
  }

  private drop(hash: number): void {
    const entry = this.entries.get(hash);
    if (entry !== undefined) this.unguess(entry);
    this.entries.delete(hash);
  }

  /** Keeps `guesses` pointing only at entries in the memo. */
  private unguess(entry: MemoEntry): void {
    if (this.guesses.get(entry.guessKey) === entry) this.guesses.delete(entry.guessKey);
  }
}

/** Whether `line` is one the entry answers: equal up to digits, and the same digit-keeping tokens. */
function matches(entry: MemoEntry, line: string): boolean {
  if (!equalsDigitBlind(entry.sample, line)) return false;
  const kept = entry.keptTokens;
  if (kept === null) return true;
  const starts = entry.keptStarts as readonly number[];
  for (let k = 0; k < kept.length; k++) {
    if (!line.startsWith(kept[k] as string, starts[k])) return false;
  }
  return true;
}

/**
 * Indexes of the masked tokens that keep a digit, when each is its raw token verbatim; undefined
 * when one was only partly masked (which digits survive could then depend on the others).
 */
function digitKeepingTokens(tokens: MaskedTokens): number[] | undefined {
  const kept: number[] = [];
  for (let i = 0; i < tokens.masked.length; i++) {
    const masked = tokens.masked[i] as string;
    if (!hasDigit(masked)) continue;
    if (masked !== tokens.raw[i]) return undefined;
    kept.push(i);
  }
  return kept;
}

/** The line's length mixed into the hash of its first characters. */
function guessKeyOf(prefixHash: number, length: number): number {
  return Math.imul(prefixHash ^ length, FNV_PRIME);
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0;
}
