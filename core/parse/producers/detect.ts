/**
 * Recognising a producer shape from the keys a log has. The answer depends only on the set of
 * top-level keys, and real streams repeat a handful of key sets, so it is memoised per key list
 * (bounded): the hot path pays a hash of the key list, one map lookup and a key-by-key check.
 */
import type { ProducerShape } from './types';

const MAX_MEMO = 2048;
/** Logs with more top-level keys than this are matched without the memo (rare). */
const MAX_KEYS_MEMOISED = 48;

interface MemoEntry {
  keys: readonly string[];
  shape: ProducerShape | null;
  next: MemoEntry | null;
}

/**
 * A number from the key list, computed without allocating: lengths and first/last characters.
 * Equal hashes are confirmed key by key (JSON.parse interns keys, so the comparisons are cheap).
 */
function hashKeys(keys: readonly string[]): number {
  let h = keys.length;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const n = k.length;
    h =
      (Math.imul(h, 31) +
        n * 7 +
        (n > 0 ? k.charCodeAt(0) * 3 + k.charCodeAt(n - 1) + k.charCodeAt(n >> 1) : 0)) |
      0;
  }
  return h;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class ShapeDetector {
  private readonly memo = new Map<number, MemoEntry>();

  constructor(private readonly shapes: readonly ProducerShape[]) {}

  /** The first shape whose required keys are all present, or null (the generic reading). */
  detect(keys: readonly string[]): ProducerShape | null {
    if (keys.length > MAX_KEYS_MEMOISED) return this.match(new Set(keys));
    const hash = hashKeys(keys);
    const head = this.memo.get(hash);
    for (let e = head ?? null; e !== null; e = e.next) if (sameKeys(e.keys, keys)) return e.shape;
    const shape = this.match(new Set(keys));
    if (this.memo.size >= MAX_MEMO) this.memo.clear();
    this.memo.set(hash, { keys: keys.slice(), shape, next: head ?? null });
    return shape;
  }

  private match(present: ReadonlySet<string>): ProducerShape | null {
    for (const shape of this.shapes) {
      if (!shape.requires.every((k) => present.has(k))) continue;
      if (shape.anyOf !== undefined && !shape.anyOf.some((k) => present.has(k))) continue;
      return shape;
    }
    return null;
  }
}
