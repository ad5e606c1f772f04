/**
 * A fixed-bucket logarithmic histogram of durations in seconds: 10 buckets per decade from 1 µs to
 * 10,000 s (each bucket spans ×1.26, so a quantile read at the bucket's geometric middle is within
 * ±12 % of the exact value), plus one bucket below and one above. Recording is one log10 and an
 * increment; a quantile is one pass over 102 counters, done once per interval or per firing.
 */

export const BUCKETS_PER_DECADE = 10;
export const MIN_SECONDS = 1e-6;
const DECADES = 10;
export const BUCKET_COUNT = DECADES * BUCKETS_PER_DECADE + 2;
const LAST = BUCKET_COUNT - 1;

export function bucketOf(seconds: number): number {
  if (!(seconds > MIN_SECONDS)) return 0;
  const b = Math.floor(Math.log10(seconds / MIN_SECONDS) * BUCKETS_PER_DECADE) + 1;
  return b > LAST ? LAST : b;
}

/** The value a bucket stands for: its geometric middle (the ends for the two outer buckets). */
export function bucketValue(bucket: number): number {
  if (bucket <= 0) return MIN_SECONDS;
  if (bucket >= LAST) return MIN_SECONDS * 10 ** DECADES;
  return MIN_SECONDS * 10 ** ((bucket - 0.5) / BUCKETS_PER_DECADE);
}

export class LogHistogram {
  readonly counts = new Uint32Array(BUCKET_COUNT);
  total = 0;

  record(seconds: number): void {
    this.counts[bucketOf(seconds)]! += 1;
    this.total += 1;
  }

  /** The q-quantile (0 < q ≤ 1) of what was recorded; NaN when empty. */
  quantile(q: number): number {
    if (this.total === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let b = 0; b < BUCKET_COUNT; b++) {
      seen += this.counts[b]!;
      if (seen >= rank) return bucketValue(b);
    }
    return bucketValue(LAST);
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
  }
}
