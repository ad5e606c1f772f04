/**
 * When scripted incidents happen. Incidents cycle through INCIDENT_KINDS in order; the first
 * starts `firstAfterMs` into the replay, each next one 60–90 s (seeded) after the previous start,
 * and each lasts `durationMs`. Windows are computed lazily from elapsed replay time, so the
 * schedule holds no memory beyond the current window and a bounded history.
 */
import { INCIDENT_KINDS, type IncidentKind } from './demo-systems';
import type { Random } from './demo-random';

export interface IncidentScheduleOptions {
  firstAfterMs?: number;
  minGapMs?: number;
  maxGapMs?: number;
  durationMs?: number;
  /** Share of the replayed lines that come from the incident while it is active. */
  share?: number;
}

export interface IncidentWindow {
  /** 0, 1, 2, … in order of occurrence. */
  sequence: number;
  kind: IncidentKind;
  /** Milliseconds since the replay started. */
  startMs: number;
  endMs: number;
}

export const DEFAULT_INCIDENT_OPTIONS: Required<IncidentScheduleOptions> = {
  firstAfterMs: 30_000,
  minGapMs: 60_000,
  maxGapMs: 90_000,
  durationMs: 20_000,
  share: 0.25,
};

const HISTORY_LIMIT = 20;

export class IncidentSchedule {
  private readonly options: Required<IncidentScheduleOptions>;
  private current: IncidentWindow;
  private readonly history: IncidentWindow[] = [];

  constructor(
    private readonly random: Random,
    options: IncidentScheduleOptions = {},
  ) {
    this.options = { ...DEFAULT_INCIDENT_OPTIONS, ...options };
    const { minGapMs, maxGapMs, durationMs, share } = this.options;
    if (!(minGapMs > durationMs && maxGapMs >= minGapMs))
      throw new RangeError('incident gaps must exceed the duration');
    if (!(share > 0 && share <= 1)) throw new RangeError('incident share must be in (0, 1]');
    this.current = this.window(0, this.options.firstAfterMs);
  }

  get share(): number {
    return this.options.share;
  }

  private window(sequence: number, startMs: number): IncidentWindow {
    return {
      sequence,
      kind: INCIDENT_KINDS[sequence % INCIDENT_KINDS.length]!,
      startMs,
      endMs: startMs + this.options.durationMs,
    };
  }

  /** The incident active at `elapsedMs`, or null. Elapsed time must not go backwards. */
  activeAt(elapsedMs: number): IncidentWindow | null {
    while (elapsedMs >= this.current.endMs) {
      const gap = this.random.between(this.options.minGapMs, this.options.maxGapMs);
      this.current = this.window(this.current.sequence + 1, Math.round(this.current.startMs + gap));
    }
    if (elapsedMs < this.current.startMs) return null;
    const last = this.history[this.history.length - 1];
    if (last === undefined || last.sequence !== this.current.sequence) {
      this.history.push(this.current);
      if (this.history.length > HISTORY_LIMIT) this.history.shift();
    }
    return this.current;
  }

  /** Incidents that have started, oldest first (the last HISTORY_LIMIT). */
  started(): readonly IncidentWindow[] {
    return this.history;
  }
}
