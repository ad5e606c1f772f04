/**
 * Polls `engine:status` and keeps what health said over time: every sample (bounded) and the
 * transitions (status or reasons changed), so that a scenario can show "degraded with this reason
 * during the outage, healthy again after" with the times.
 */
import type { EngineStatus, HealthStatus } from '../../../core/contract';

export interface HealthSample {
  at: number;
  status: HealthStatus;
  reasons: string[];
}

/** What a scenario prints: when (ms from `origin`), the status, and the reasons, shortened. */
export type HealthTransition = {
  atMs: number;
  status: HealthStatus;
  reasons: string[];
};

const MAX_SAMPLES = 20_000;
const REASON_CHARS = 160;

export class HealthTimeline {
  readonly samples: HealthSample[] = [];
  private timer: NodeJS.Timeout | null = null;
  private polling = false;

  constructor(
    private readonly readStatus: () => Promise<EngineStatus>,
    private readonly periodMs = 250,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.periodMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The first sample at or after `from` that satisfies `matches`. */
  first(matches: (sample: HealthSample) => boolean, from = 0): HealthSample | undefined {
    return this.samples.find((s) => s.at >= from && matches(s));
  }

  last(): HealthSample | undefined {
    return this.samples[this.samples.length - 1];
  }

  /** Samples where status or reasons changed, with times relative to `origin`. */
  transitions(origin: number): HealthTransition[] {
    const out: HealthTransition[] = [];
    let previous = '';
    for (const s of this.samples) {
      const key = `${s.status}|${s.reasons.join('|')}`;
      if (key === previous) continue;
      previous = key;
      out.push({
        atMs: s.at - origin,
        status: s.status,
        reasons: s.reasons.map((r) => (r.length > REASON_CHARS ? `${r.slice(0, REASON_CHARS - 1)}…` : r)),
      });
    }
    return out;
  }

  private async poll(): Promise<void> {
    if (this.polling) return; // a slow answer must not pile up requests
    this.polling = true;
    try {
      const status = await this.readStatus();
      if (this.samples.length >= MAX_SAMPLES) this.samples.splice(0, MAX_SAMPLES / 2);
      this.samples.push({ at: Date.now(), status: status.health.status, reasons: status.health.reasons });
    } catch {
      // The engine is gone (a crash scenario) or busy: the gap in the samples says so.
    } finally {
      this.polling = false;
    }
  }
}

/** Health reasons about the log source (see core/telemetry/health.ts). */
export const isSourceReason = (reason: string): boolean => reason.startsWith('log source');
/** Health reasons about alert history on disk. */
export const isHistoryReason = (reason: string): boolean => reason.startsWith('alerts are not being saved');
