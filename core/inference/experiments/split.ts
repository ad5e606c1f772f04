/**
 * Traffic split of an experiment: which arm decides a log. Two kinds:
 * - `percent`: each log independently, in the arms' proportions (weights in percent). The draw is a
 *   hash of a per-splitter sequence number, so a run is reproducible and costs one integer mix.
 * - `service` / `host` / `template`: a stable hash of that key, so one stream (a service, a host, a
 *   template) always goes to the same arm, across batches and restarts. A log without the key
 *   (no service, no host) falls back to the per-log draw, in the same proportions.
 * The hash of a key is remembered (bounded map), so the per-log cost is one map lookup.
 */
import { fnv1a32 } from '../../patterns/template-id';

export const SPLIT_KEYS = ['percent', 'service', 'host', 'template'] as const;
export type SplitBy = (typeof SPLIT_KEYS)[number];

/** FNV-1a, 32 bits, over UTF-16 code units (the template ids' hash): stable across runs and platforms. */
export { fnv1a32 };

/** A 32-bit integer mix (the finaliser of MurmurHash3): consecutive inputs give uniform outputs. */
export function mix32(n: number): number {
  let h = n >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const TWO_32 = 4294967296;
const MAX_KEYS = 10_000;

export class Splitter {
  /** Upper bound of each arm's share of [0, 2^32), cumulative. */
  private readonly bounds: number[];
  private readonly byKey = new Map<string, number>();
  private seq = 0;

  constructor(
    readonly by: SplitBy,
    weights: readonly number[],
    private readonly salt = '',
  ) {
    if (weights.length < 2) throw new Error('a split needs at least two arms');
    if (weights.some((w) => !Number.isFinite(w) || w < 0)) throw new Error('split weights must be ≥ 0');
    const total = weights.reduce((a, b) => a + b, 0);
    if (total <= 0) throw new Error('split weights must not all be 0');
    let sum = 0;
    this.bounds = weights.map((w) => {
      sum += w;
      return (sum / total) * TWO_32;
    });
    this.bounds[this.bounds.length - 1] = TWO_32;
  }

  /** The arm index for one log; `key` is the log's service, host or template id (null: none). */
  pick(key: string | null): number {
    if (this.by === 'percent' || key === null || key === '') return this.armOf(mix32(this.seq++));
    let arm = this.byKey.get(key);
    if (arm === undefined) {
      arm = this.armOf(fnv1a32(this.salt + key));
      if (this.byKey.size >= MAX_KEYS) this.byKey.clear();
      this.byKey.set(key, arm);
    }
    return arm;
  }

  private armOf(hash: number): number {
    const bounds = this.bounds;
    for (let i = 0; i < bounds.length; i++) if (hash < (bounds[i] as number)) return i;
    return bounds.length - 1;
  }
}
