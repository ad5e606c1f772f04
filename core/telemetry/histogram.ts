/**
 * Fixed-memory latency histograms with log-linear buckets (the HDR histogram layout):
 * values are recorded in whole microseconds from 1 µs to 60 s; each power of two is split into 32
 * linear sub-buckets, so a reported percentile is within 1/64 (≈1.6 %) of the true value.
 * 698 buckets in one Float64Array (counts never overflow), O(1) record.
 *
 * `LatencyHistogram` is cumulative. `WindowedLatencyHistogram` is what "current latency" means in
 * Vigil: the percentiles of the values recorded in the last `windowMs` (default 60 s), kept as
 * `slots` rotating sub-histograms (default 12 × 5 s), so old spikes age out smoothly.
 */
import type { Percentiles } from '../contract';

const SUB_BUCKET_BITS = 5;
const SUB_BUCKETS = 1 << SUB_BUCKET_BITS; // 32
const MAX_MICROS = 60_000_000;

/** Bucket index of a value in microseconds (already clamped to 1 .. MAX_MICROS). */
export function bucketOf(micros: number): number {
  if (micros < SUB_BUCKETS) return micros;
  const exponent = 31 - Math.clz32(micros);
  const shift = exponent - SUB_BUCKET_BITS;
  return (shift + 1) * SUB_BUCKETS + ((micros >>> shift) - SUB_BUCKETS);
}

/** Representative value (midpoint) of a bucket, in microseconds. */
export function bucketValue(index: number): number {
  if (index < SUB_BUCKETS) return index;
  const shift = Math.floor(index / SUB_BUCKETS) - 1;
  const low = ((index % SUB_BUCKETS) + SUB_BUCKETS) << shift;
  const width = 1 << shift;
  return low + (width - 1) / 2;
}

/** Buckets needed up to 60 s: 698. */
export const BUCKET_COUNT = bucketOf(MAX_MICROS) + 1;

function toMicros(ms: number): number {
  const micros = Math.round(ms * 1000);
  if (!(micros >= 1)) return 1; // also catches NaN and negatives: recorded as the floor, counted
  return micros > MAX_MICROS ? MAX_MICROS : micros;
}

export const ZERO_PERCENTILES: Percentiles = Object.freeze({ p50: 0, p95: 0, p99: 0 });

export class LatencyHistogram {
  readonly counts = new Float64Array(BUCKET_COUNT);
  total = 0;
  /** Negative, non-numeric or above-60 s values: clamped into range, counted here. (0..1 µs is just the first bucket.) */
  clamped = 0;

  /** Records one latency in milliseconds. */
  record(ms: number): void {
    const micros = toMicros(ms);
    if (!(ms >= 0 && ms * 1000 <= MAX_MICROS)) this.clamped += 1;
    this.counts[bucketOf(micros)]! += 1;
    this.total += 1;
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.clamped = 0;
  }

  addTo(target: Float64Array): void {
    const counts = this.counts;
    for (let i = 0; i < BUCKET_COUNT; i++) target[i]! += counts[i]!;
  }

  /** Value (ms) at quantile q in 0..1, by nearest rank; 0 when empty. */
  quantile(q: number): number {
    return quantileOf(this.counts, this.total, q);
  }

  percentiles(): Percentiles {
    return percentilesOf(this.counts, this.total);
  }
}

export function quantileOf(counts: Float64Array, total: number, q: number): number {
  if (total <= 0) return 0;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i]!;
    if (seen >= rank) return bucketValue(i) / 1000;
  }
  return bucketValue(counts.length - 1) / 1000;
}

export function percentilesOf(counts: Float64Array, total: number): Percentiles {
  if (total <= 0) return ZERO_PERCENTILES;
  return {
    p50: quantileOf(counts, total, 0.5),
    p95: quantileOf(counts, total, 0.95),
    p99: quantileOf(counts, total, 0.99),
  };
}

export interface WindowOptions {
  windowMs: number;
  slots: number;
}

export class WindowedLatencyHistogram {
  private readonly slotMs: number;
  private readonly slots: LatencyHistogram[];
  private readonly slotIndex: number[];
  private current: LatencyHistogram;
  private currentSlot = Number.NEGATIVE_INFINITY;
  /** Everything ever recorded, for totals and long-run percentiles. */
  readonly lifetime = new LatencyHistogram();
  private readonly merged = new Float64Array(BUCKET_COUNT);

  constructor(options: Partial<WindowOptions> = {}) {
    const windowMs = options.windowMs ?? 60_000;
    const slots = options.slots ?? 12;
    if (!(windowMs > 0) || !(slots >= 1)) throw new Error('invalid histogram window');
    this.slotMs = windowMs / slots;
    this.slots = Array.from({ length: slots }, () => new LatencyHistogram());
    this.slotIndex = new Array<number>(slots).fill(Number.NEGATIVE_INFINITY);
    this.current = this.slots[0]!;
  }

  /** Records one latency (ms) observed at `now`. */
  record(ms: number, now: number): void {
    const slot = Math.floor(now / this.slotMs);
    // A non-finite clock reading is counted in the current slot rather than corrupting the ring.
    if (slot !== this.currentSlot && Number.isFinite(slot)) this.rotate(slot);
    this.current.record(ms);
    this.lifetime.record(ms);
  }

  /** Percentiles over the window ending at `now`. */
  percentiles(now: number): Percentiles {
    const total = this.mergeWindow(now);
    return percentilesOf(this.merged, total);
  }

  /** Number of values in the window ending at `now`. */
  count(now: number): number {
    return this.mergeWindow(now);
  }

  private rotate(slot: number): void {
    // Late values (slot < currentSlot) go to the current slot rather than rewinding the window.
    if (slot < this.currentSlot) return;
    const i = ((slot % this.slots.length) + this.slots.length) % this.slots.length;
    const target = this.slots[i]!;
    if (this.slotIndex[i] !== slot) {
      target.reset();
      this.slotIndex[i] = slot;
    }
    this.current = target;
    this.currentSlot = slot;
  }

  private mergeWindow(now: number): number {
    const nowSlot = Math.floor(now / this.slotMs);
    const oldest = nowSlot - this.slots.length + 1;
    this.merged.fill(0);
    let total = 0;
    for (let i = 0; i < this.slots.length; i++) {
      const index = this.slotIndex[i]!;
      if (index < oldest || index > nowSlot) continue;
      const h = this.slots[i]!;
      h.addTo(this.merged);
      total += h.total;
    }
    return total;
  }
}
