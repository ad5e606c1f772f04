/**
 * Recognising a producer shape from the keys a log has. The answer depends only on the set of
 * top-level keys, and real streams repeat a handful of key sets, so it is memoised per key list
 * (bounded): the hot path pays one join and one map lookup per log.
 */
import type { ProducerShape } from './types';

const MAX_MEMO = 2048;
/** Logs with more top-level keys than this are matched without the memo (rare, and costly to key). */
const MAX_KEYS_MEMOISED = 48;

export class ShapeDetector {
  private readonly memo = new Map<string, ProducerShape | null>();

  constructor(private readonly shapes: readonly ProducerShape[]) {}

  /** The first shape whose required keys are all present, or null (the generic reading). */
  detect(keys: readonly string[]): ProducerShape | null {
    if (keys.length > MAX_KEYS_MEMOISED) return this.match(new Set(keys));
    const signature = keys.join('\n');
    const known = this.memo.get(signature);
    if (known !== undefined) return known;
    const shape = this.match(new Set(keys));
    if (this.memo.size >= MAX_MEMO) this.memo.clear();
    this.memo.set(signature, shape);
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
