/**
 * Error counts per minute of the logs' own time, with bounded memory: past `maxBuckets` non-empty
 * buckets the width doubles (two minutes, four...) and the counts merge, so any file fits.
 */
import type { ErrorBucket } from './types';

export const MINUTE_MS = 60_000;

export class ErrorHistogram {
  private counts = new Map<number, number>();
  private width = MINUTE_MS;
  total = 0;

  constructor(private readonly maxBuckets = 10_080) {
    if (!(maxBuckets >= 1)) throw new Error('maxBuckets must be at least 1');
  }

  get bucketMs(): number {
    return this.width;
  }

  add(time: number): void {
    const start = Math.floor(time / this.width) * this.width;
    this.counts.set(start, (this.counts.get(start) ?? 0) + 1);
    this.total++;
    while (this.counts.size > this.maxBuckets) this.widen();
  }

  /** Non-empty buckets in time order. */
  buckets(): ErrorBucket[] {
    return Array.from(this.counts, ([start, errors]) => ({ start, errors })).sort(
      (a, b) => a.start - b.start,
    );
  }

  private widen(): void {
    this.width *= 2;
    const merged = new Map<number, number>();
    for (const [start, errors] of this.counts) {
      const wide = Math.floor(start / this.width) * this.width;
      merged.set(wide, (merged.get(wide) ?? 0) + errors);
    }
    this.counts = merged;
  }
}

/**
 * Contiguous rows from the first to the last bucket, zeros included, at most `maxRows`: the width
 * is the smallest multiple of `bucketMs` that fits (for the text histogram).
 */
export function histogramRows(
  buckets: readonly ErrorBucket[],
  bucketMs: number,
  maxRows: number,
): { widthMs: number; rows: ErrorBucket[] } {
  if (buckets.length === 0) return { widthMs: bucketMs, rows: [] };
  const first = buckets[0]!.start;
  const last = buckets[buckets.length - 1]!.start;
  const span = last - first + bucketMs;
  const widthMs = Math.ceil(span / bucketMs / maxRows) * bucketMs;
  const origin = Math.floor(first / widthMs) * widthMs;
  const rows: ErrorBucket[] = [];
  for (let start = origin; start <= last; start += widthMs) rows.push({ start, errors: 0 });
  for (const bucket of buckets) rows[Math.floor((bucket.start - origin) / widthMs)]!.errors += bucket.errors;
  return { widthMs, rows };
}
