/**
 * The guards of automatic selection, as pure functions of an experiment's figures.
 *
 * Promotion of a candidate over the control needs all of:
 *  1. at least `minVerdicts` verdicts on each of the two arms;
 *  2. a one-sided two-proportion z-test (stats.ts) saying the candidate's noise rate is lower, at
 *     `significance`, with the test's own validity condition holding;
 *  3. the candidate's latency p99 at most `maxLatencyRatio` × the control's;
 *  4. the candidate's alerts per 1,000 logs at most `maxAlertRateRatio` × the control's.
 * Among candidates passing all four, the lowest noise rate wins.
 *
 * Rollback of a promoted model during its watch: once it has decided `minWatchLogs` logs, its error
 * rate (logs it rated error, plus logs of its failed calls) or its latency p99 above the bounds fixed
 * at promotion rolls it back.
 */
import type { AutoPromotion } from '../../contract';
import type { ArmStats } from './arm-stats';
import { twoProportionZTest } from './stats';

export type Figures = Record<string, number | string | boolean | null>;

export interface PromotionEvaluation {
  /** The arm to promote, or null. */
  promote: string | null;
  /** For each candidate, why it is or is not promoted. */
  reasons: string[];
  figures: Figures;
}

const round = (x: number, digits = 4): number => Number(x.toFixed(digits));

export function evaluatePromotion(
  control: ArmStats,
  candidates: readonly ArmStats[],
  auto: AutoPromotion,
): PromotionEvaluation {
  const reasons: string[] = [];
  let best: { arm: ArmStats; figures: Figures } | null = null;
  const controlP99 = control.latency.quantile(0.99);
  const controlRate = control.per1000();
  for (const arm of candidates) {
    const name = arm.ref;
    if (control.verdicts < auto.minVerdicts || arm.verdicts < auto.minVerdicts) {
      reasons.push(
        `${name}: ${arm.verdicts} verdicts against the control's ${control.verdicts}; each arm needs ${auto.minVerdicts}`,
      );
      continue;
    }
    const test = twoProportionZTest(control.noise, control.verdicts, arm.noise, arm.verdicts);
    if (!test.valid) {
      reasons.push(`${name}: the z-test does not apply (${test.invalidReason})`);
      continue;
    }
    if (!(test.pLower < auto.significance)) {
      reasons.push(
        `${name}: noise rate ${round(test.p1)} against the control's ${round(test.p0)} is not lower at ${auto.significance} (z ${round(test.z, 3)}, p ${round(test.pLower)})`,
      );
      continue;
    }
    const p99 = arm.latency.quantile(0.99);
    if (controlP99 === 0 || p99 > auto.maxLatencyRatio * controlP99) {
      reasons.push(
        `${name}: latency p99 ${round(p99, 3)} ms exceeds ${auto.maxLatencyRatio} × the control's ${round(controlP99, 3)} ms`,
      );
      continue;
    }
    const rate = arm.per1000();
    if (rate > auto.maxAlertRateRatio * controlRate) {
      reasons.push(
        `${name}: ${round(rate, 2)} alerts per 1,000 logs exceeds ${auto.maxAlertRateRatio} × the control's ${round(controlRate, 2)}`,
      );
      continue;
    }
    const figures: Figures = {
      controlNoiseRate: round(test.p0),
      candidateNoiseRate: round(test.p1),
      controlVerdicts: control.verdicts,
      candidateVerdicts: arm.verdicts,
      z: round(test.z, 3),
      pValue: round(test.pLower, 6),
      significance: auto.significance,
      controlLatencyP99Ms: round(controlP99, 3),
      candidateLatencyP99Ms: round(p99, 3),
      controlAlertsPer1000: round(controlRate, 3),
      candidateAlertsPer1000: round(rate, 3),
    };
    reasons.push(
      `${name}: noise rate ${round(test.p1)} < ${round(test.p0)} (z ${round(test.z, 3)}, p ${round(test.pLower)} < ${auto.significance}); latency and alert rate within bounds`,
    );
    if (best === null || (arm.noiseRate as number) < (best.arm.noiseRate as number)) best = { arm, figures };
  }
  return best === null
    ? { promote: null, reasons, figures: {} }
    : { promote: best.arm.ref, reasons, figures: best.figures };
}

/** The bounds a promoted model is held to during its watch, fixed from the control's figures. */
export interface WatchBounds {
  maxErrorRate: number;
  maxLatencyP99Ms: number;
}

export function watchBounds(control: ArmStats, auto: AutoPromotion): WatchBounds {
  const controlErrorRate = control.logs === 0 ? 0 : control.errorLogs / control.logs;
  const controlP99 = control.latency.quantile(0.99);
  return {
    // Default: the control's rate plus as much again (at least 5 points), at most halfway to 100 %.
    maxErrorRate:
      auto.maxErrorRate ??
      controlErrorRate + Math.max(0.05, Math.min(controlErrorRate, (1 - controlErrorRate) / 2)),
    maxLatencyP99Ms: auto.maxLatencyP99Ms ?? (controlP99 > 0 ? auto.maxLatencyRatio * controlP99 : 1000),
  };
}

export interface WatchFigures {
  /** Logs the promoted model decided, plus logs of its failed calls. */
  logs: number;
  /** Of those: rated error, or lost to a failed call. */
  errorLogs: number;
  latencyP99Ms: number;
}

export function evaluateRollback(
  watch: WatchFigures,
  bounds: WatchBounds,
  minWatchLogs: number,
): { rollback: boolean; reason: string; figures: Figures } {
  const errorRate = watch.logs === 0 ? 0 : watch.errorLogs / watch.logs;
  const figures: Figures = {
    watchLogs: watch.logs,
    errorRate: round(errorRate),
    maxErrorRate: round(bounds.maxErrorRate),
    latencyP99Ms: round(watch.latencyP99Ms, 3),
    maxLatencyP99Ms: round(bounds.maxLatencyP99Ms, 3),
  };
  if (watch.logs < minWatchLogs)
    return { rollback: false, reason: `${watch.logs} of ${minWatchLogs} logs watched`, figures };
  if (errorRate > bounds.maxErrorRate)
    return {
      rollback: true,
      reason: `error rate ${round(errorRate)} exceeds its bound ${round(bounds.maxErrorRate)}`,
      figures,
    };
  if (watch.latencyP99Ms > bounds.maxLatencyP99Ms)
    return {
      rollback: true,
      reason: `latency p99 ${round(watch.latencyP99Ms, 3)} ms exceeds its bound ${round(bounds.maxLatencyP99Ms, 3)} ms`,
      figures,
    };
  return { rollback: false, reason: 'within bounds', figures };
}
