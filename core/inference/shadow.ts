/**
 * Shadow comparison: a candidate model classifies the same batches as the active one, and only the
 * active one's results are used. The report counts how often they agree per head, which label pairs
 * they disagree on (keys "active→candidate"), and each one's latency per batch. Memory is fixed:
 * label pairs are bounded by the label sets, latencies go into fixed histograms.
 */
import type { ModelInfo, ShadowReport } from '../contract';
import { LatencyHistogram } from './latency-histogram';
import type { Classification } from './types';

const HEADS = ['severity', 'category'] as const;

export class ShadowComparison {
  private compared = 0;
  private readonly agreements: Record<string, number> = { severity: 0, category: 0 };
  private readonly disagreements: Record<string, Record<string, number>> = { severity: {}, category: {} };
  private readonly activeLatency = new LatencyHistogram();
  private readonly candidateLatency = new LatencyHistogram();

  constructor(readonly candidate: ModelInfo) {}

  /** Records one batch: both models' results for the same inputs, in the same order. */
  record(
    active: readonly Classification[],
    candidate: readonly Classification[],
    activeMs: number,
    candidateMs: number,
  ): void {
    if (active.length !== candidate.length)
      throw new Error(
        `shadow batch mismatch: ${active.length} active vs ${candidate.length} candidate results`,
      );
    for (let i = 0; i < active.length; i++) {
      const a = active[i] as Classification;
      const c = candidate[i] as Classification;
      for (const head of HEADS) {
        if (a[head] === c[head]) {
          this.agreements[head] = (this.agreements[head] as number) + 1;
        } else {
          const counts = this.disagreements[head] as Record<string, number>;
          const key = `${a[head]}→${c[head]}`;
          counts[key] = (counts[key] ?? 0) + 1;
        }
      }
    }
    this.compared += active.length;
    this.activeLatency.record(activeMs);
    this.candidateLatency.record(candidateMs);
  }

  report(): ShadowReport {
    const agreement: Record<string, number> = {};
    // Before any comparison there is no evidence of agreement: report 0 with `compared` = 0.
    for (const head of HEADS)
      agreement[head] = this.compared === 0 ? 0 : (this.agreements[head] as number) / this.compared;
    return {
      candidate: this.candidate,
      compared: this.compared,
      agreement,
      disagreements: {
        severity: { ...(this.disagreements.severity as Record<string, number>) },
        category: { ...(this.disagreements.category as Record<string, number>) },
      },
      latencyMs: { active: this.activeLatency.percentiles(), candidate: this.candidateLatency.percentiles() },
    };
  }
}
