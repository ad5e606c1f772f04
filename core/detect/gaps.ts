/**
 * Gaps in what the detectors saw: times when the engine was stopped, when the log source was not
 * running (a broker outage, a reconnection) and the catch-up after either. Volume baselines ask
 * `overlaps` so that such a stretch is neither learned as a drop (no zero-count intervals) nor
 * judged as a spike (the backlog read after it), see interval-baseline.ts.
 *
 * A gap opens when the engine stops or the source leaves `running`, and closes once the source has
 * been running again for `settleMs` and its consumer lag is back to at most `caughtUpLag` messages
 * (or after `maxCatchUpMs` of catch-up, so a consumer that stays behind does not blind the
 * detectors for good). Times are the detector clock (the engine's `now`); at most `maxGaps` closed
 * gaps are kept, older ones are forgotten (their intervals are long learned by then).
 */

export interface GapOptions {
  /** Time the source must run again before the gap may close (covers the first backlog batches). */
  settleMs: number;
  /** Consumer lag (messages, all partitions) at or below which the catch-up counts as done. */
  caughtUpLag: number;
  /** Longest catch-up: past it the gap closes whatever the lag. */
  maxCatchUpMs: number;
  /** Closed gaps remembered. */
  maxGaps: number;
}

export const DEFAULT_GAPS: GapOptions = {
  settleMs: 10_000,
  caughtUpLag: 1000,
  maxCatchUpMs: 5 * 60_000,
  maxGaps: 16,
};

/** What a baseline needs to know about gaps. */
export interface GapView {
  /** True when [from, to] (detector clock, inclusive) touches a gap, closed or still open. */
  overlaps(from: number, to: number): boolean;
}

export type GapCause = 'engine stopped' | 'engine starting' | 'source not running';

export interface GapStats {
  /** Gaps opened since start (engine stops and source outages). */
  opened: number;
  /** The open gap's cause, or null when none is open. */
  open: GapCause | null;
}

export class GapTracker implements GapView {
  private readonly options: GapOptions;
  /** Closed gaps as [from, to] pairs, oldest first. */
  private readonly closed: Array<[number, number]> = [];
  private openFrom: number | null = null;
  private openCause: GapCause | null = null;
  /** When the source was seen running again inside the open gap; null while it is not. */
  private runningSince: number | null = null;
  private openedCount = 0;

  constructor(options: Partial<GapOptions> = {}) {
    this.options = { ...DEFAULT_GAPS, ...options };
  }

  /** The engine stopped (or its source did): opens a gap unless one is open. */
  stopped(now: number, cause: GapCause = 'engine stopped'): void {
    this.runningSince = null;
    if (this.openFrom !== null) return;
    this.openFrom = now;
    this.openCause = cause;
    this.openedCount += 1;
  }

  /**
   * One periodic look at the source: `running` or not, and its total consumer lag. Returns true
   * when this call closed a gap (the caller may reset state that must not span it).
   */
  observeSource(running: boolean, totalLag: number, now: number): boolean {
    if (!running) {
      this.stopped(now, 'source not running');
      return false;
    }
    if (this.openFrom === null) return false;
    if (this.runningSince === null) this.runningSince = now;
    const ran = now - this.runningSince;
    const caughtUp = Number.isFinite(totalLag) && totalLag <= this.options.caughtUpLag;
    if (ran < this.options.settleMs || (!caughtUp && ran < this.options.maxCatchUpMs)) return false;
    this.closed.push([this.openFrom, now]);
    if (this.closed.length > this.options.maxGaps) this.closed.shift();
    this.openFrom = null;
    this.openCause = null;
    this.runningSince = null;
    return true;
  }

  /** True while a gap is open (stopped, down, or catching up). */
  get isOpen(): boolean {
    return this.openFrom !== null;
  }

  overlaps(from: number, to: number): boolean {
    if (this.openFrom !== null && to >= this.openFrom) return true;
    for (let i = this.closed.length - 1; i >= 0; i--) {
      const gap = this.closed[i]!;
      if (from <= gap[1] && to >= gap[0]) return true;
    }
    return false;
  }

  stats(): GapStats {
    return { opened: this.openedCount, open: this.openCause };
  }
}
