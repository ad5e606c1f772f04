/**
 * The miner's index of shapes (see miner.ts): buckets keyed by token count plus first token, and by
 * token count plus last token, each holding at most `MAX_SHAPES_PER_BUCKET` shapes, least recently
 * used first; and the search of a message's shape in its two buckets (Drain's similarity).
 */
import type { Shape } from './shape';

/** Share of equal positions from which a message joins a shape (Drain's similarity threshold). */
const SIMILARITY_THRESHOLD = 0.5;
/** Shapes kept per index bucket; the least recently used one leaves a full bucket. */
const MAX_SHAPES_PER_BUCKET = 128;
/**
 * The last-token index is consulted only for messages this long, and only when the message differs
 * from a shape in its first token alone: short messages that differ in their first word are
 * usually different events.
 */
const MIN_TOKENS_FOR_LAST_TOKEN_MATCH = 5;

export class ShapeIndex {
  /** `${tokenCount}|${firstToken}` and `${tokenCount}$${lastToken}` → shapes, most recent last. */
  private readonly buckets = new Map<string, Shape[]>();

  /** `drop` removes a shape (its templates, then `unfile`) when a full bucket must make room. */
  constructor(private readonly drop: (shape: Shape) => void) {}

  /** The shape a masked message belongs to, from its first-token bucket, else its last-token one. */
  find(firstKey: string, lastKey: string, masked: readonly string[], learn: boolean): Shape | null {
    const n = masked.length;
    let found: Shape | null = null;
    let key = firstKey;
    const primary = this.bestIn(this.buckets.get(firstKey), masked);
    if (primary && primary.sim >= SIMILARITY_THRESHOLD) {
      found = primary.shape;
    } else if (n >= MIN_TOKENS_FOR_LAST_TOKEN_MATCH) {
      const secondary = this.bestIn(this.buckets.get(lastKey), masked);
      if (secondary && secondary.sim >= (n - 1) / n) {
        found = secondary.shape;
        key = lastKey;
      }
    }
    // `match` must leave no trace, not even in the order of a bucket.
    if (found && learn) this.touch(key, found);
    return found;
  }

  /** Files a new shape under one of its keys; a full bucket first drops its stalest shape. */
  file(key: string, shape: Shape): void {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = [];
      this.buckets.set(key, bucket);
    }
    if (bucket.length >= MAX_SHAPES_PER_BUCKET) this.drop(bucket[0] as Shape);
    bucket.push(shape);
  }

  /** Removes a shape from every bucket it is filed in. */
  unfile(shape: Shape): void {
    for (const key of shape.indexKeys) {
      const bucket = this.buckets.get(key);
      if (!bucket) continue;
      const at = bucket.indexOf(shape);
      if (at >= 0) bucket.splice(at, 1);
      if (bucket.length === 0) this.buckets.delete(key);
    }
  }

  /** The most similar shape of a bucket; ties go to the shape with more variable positions. */
  private bestIn(
    bucket: Shape[] | undefined,
    masked: readonly string[],
  ): { shape: Shape; sim: number } | null {
    if (!bucket) return null;
    let best: Shape | null = null;
    let bestSim = -1;
    let bestVars = -1;
    for (const shape of bucket) {
      const sim = shape.similarity(masked);
      if (sim < bestSim) continue;
      const vars = shape.variableCount();
      if (sim > bestSim || vars > bestVars) {
        best = shape;
        bestSim = sim;
        bestVars = vars;
      }
    }
    return best ? { shape: best, sim: bestSim } : null;
  }

  /** Keeps bucket order least recently used first, so a full bucket drops its stalest shape. */
  private touch(key: string, shape: Shape): void {
    const bucket = this.buckets.get(key);
    if (bucket && bucket[bucket.length - 1] !== shape) {
      const at = bucket.indexOf(shape);
      if (at >= 0) {
        bucket.splice(at, 1);
        bucket.push(shape);
      }
    }
  }
}
