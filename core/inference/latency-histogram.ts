/**
 * Latency percentiles in fixed memory: counts in log-spaced buckets (8 per doubling, from 1 µs to
 * about 17 minutes). A percentile is reported as the upper bound of its bucket, so it is never below
 * the true value and at most 2^(1/8) ≈ 9% above it, however many samples were recorded.
 */
import type { Percentiles } from '../contract';

const BUCKETS_PER_DOUBLING = 8;
const MIN_MS = 0.001;
const BUCKET_COUNT = 30 * BUCKETS_PER_DOUBLING;

export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKET_COUNT);
  private total = 0;

  get count(): number {
    return this.total;
  }

  record(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    const bucket =
      ms <= MIN_MS
        ? 0
        : Math.min(BUCKET_COUNT - 1, Math.floor(Math.log2(ms / MIN_MS) * BUCKETS_PER_DOUBLING));
    this.counts[bucket] = (this.counts[bucket] as number) + 1;
    this.total++;
  }

  /** The upper bound of the bucket holding the q-quantile sample (0 when empty). */
  quantile(q: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let b = 0; b < BUCKET_COUNT; b++) {
      seen += this.counts[b] as number;
      if (seen >= rank) return MIN_MS * Math.pow(2, (b + 1) / BUCKETS_PER_DOUBLING);
    }
    return MIN_MS * Math.pow(2, BUCKET_COUNT / BUCKETS_PER_DOUBLING);
  }

  percentiles(): Percentiles {
    return { p50: this.quantile(0.5), p95: this.quantile(0.95), p99: this.quantile(0.99) };
  }
}
