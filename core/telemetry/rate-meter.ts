/**
 * Events per second over the last second and the last minute, from a ring of per-second counts.
 *
 * "Last second" is the last *complete* second (a partial one would read low for most of each
 * second). The minute rate is the sum of the last 60 complete seconds divided by 60, or by the
 * number of complete seconds since the first event when the meter is younger than a minute.
 */
const SECONDS = 60;

export class RateMeter {
  private readonly counts = new Float64Array(SECONDS);
  private currentSecond = Number.NEGATIVE_INFINITY;
  private firstSecond: number | null = null;
  private total = 0;

  /** Counts `n` events at `now` (ms). */
  mark(n: number, now: number): void {
    if (!(n > 0)) return;
    const second = Math.floor(now / 1000);
    // A non-finite clock reading is counted in the current second rather than corrupting the ring.
    if (second !== this.currentSecond && Number.isFinite(second)) this.advance(second);
    this.total += n;
    if (Number.isFinite(this.currentSecond)) this.counts[this.slot(this.currentSecond)]! += n;
  }

  /** Events in the last complete second before `now`. */
  perSecond(now: number): number {
    const last = Math.floor(now / 1000) - 1;
    return this.countAt(last);
  }

  /** Average events per second over the last minute of complete seconds before `now`. */
  perSecond1m(now: number): number {
    const last = Math.floor(now / 1000) - 1;
    if (this.firstSecond === null || last < this.firstSecond) return 0;
    const span = Math.min(SECONDS, last - this.firstSecond + 1);
    let sum = 0;
    for (let s = last - span + 1; s <= last; s++) sum += this.countAt(s);
    return sum / span;
  }

  /** Events in the last 60 complete seconds before `now` (ratios of two meters compare these). */
  count1m(now: number): number {
    const last = Math.floor(now / 1000) - 1;
    let sum = 0;
    for (let s = last - SECONDS + 1; s <= last; s++) sum += this.countAt(s);
    return sum;
  }

  get totalCount(): number {
    return this.total;
  }

  private countAt(second: number): number {
    if (second > this.currentSecond || second <= this.currentSecond - SECONDS) return 0;
    return this.counts[this.slot(second)]!;
  }

  private advance(second: number): void {
    // Late events (an earlier second) are counted in the current second rather than rewriting history.
    if (second < this.currentSecond) return;
    if (this.firstSecond === null) this.firstSecond = second;
    const gap = Math.min(second - this.currentSecond, SECONDS);
    for (let i = 1; i <= gap; i++) this.counts[this.slot(second - gap + i)] = 0;
    this.currentSecond = second;
  }

  private slot(second: number): number {
    return ((second % SECONDS) + SECONDS) % SECONDS;
  }
}
