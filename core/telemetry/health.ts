/**
 * Health of a running engine from its figures: a pure function, so every rule is testable.
 * The status is the worst of the findings; every finding adds one sentence to `reasons`.
 *
 *  unhealthy: the source failed or cannot reach the broker (nothing is analyzed), or the error
 *             rate reaches `errorRateUnhealthy`.
 *  stopped:   no source runs (the engine is stopped): nothing is analyzed, whatever else holds.
 *  degraded:  source connecting, consumer lag growing, error rate above `errorRateDegraded` (1 %),
 *             latency p99 above `latencyP99TargetMs`, model unavailable (keyword rules classify),
 *             alert history not persisted.
 */
import type { Health, HealthStatus, SourceState } from '../contract';

export interface HealthInputs {
  /** Null when no source runs (engine stopped): nothing to say about it. */
  source: { state: SourceState; reason: string | null } | null;
  lagGrowing: boolean;
  consumerLag: number;
  /** Share of logs whose analysis failed or that were malformed, 0..1. */
  errorRate: number;
  /** Windowed p99 of per-log analysis latency, ms. */
  latencyP99Ms: number;
  /** Why no model is active, or null when one is. */
  modelUnavailable: string | null;
  /** Alert history state, or null when alerts are not persisted. */
  history: { degraded: boolean; reason: string | null } | null;
}

export interface HealthThresholds {
  errorRateDegraded: number;
  errorRateUnhealthy: number;
  latencyP99TargetMs: number;
}

export const DEFAULT_HEALTH_THRESHOLDS: HealthThresholds = {
  errorRateDegraded: 0.01,
  errorRateUnhealthy: 0.5,
  latencyP99TargetMs: 250,
};

const RANK: Record<HealthStatus, number> = { healthy: 0, degraded: 1, unhealthy: 2, stopped: 3 };

export const STOPPED_REASON = 'engine stopped: no logs are being analyzed';

function percent(x: number): string {
  return `${(x * 100).toFixed(x < 0.1 ? 1 : 0)} %`;
}

export function evaluateHealth(inputs: HealthInputs, thresholds: Partial<HealthThresholds> = {}): Health {
  const t = { ...DEFAULT_HEALTH_THRESHOLDS, ...thresholds };
  let status: HealthStatus = 'healthy';
  const reasons: string[] = [];
  const find = (level: HealthStatus, reason: string): void => {
    if (RANK[level] > RANK[status]) status = level;
    reasons.push(reason);
  };

  const source = inputs.source;
  if (source === null) find('stopped', STOPPED_REASON);
  else {
    const why = source.reason ? `: ${source.reason}` : '';
    if (source.state === 'failed') find('unhealthy', `log source failed${why}`);
    else if (source.state === 'reconnecting')
      find('unhealthy', `log source reconnecting, no logs are analyzed${why}`);
    else if (source.state === 'connecting') find('degraded', `log source connecting${why}`);
    else if (source.state === 'stopped') find('degraded', `log source stopped${why}`);
  }
  if (inputs.lagGrowing) {
    find(
      'degraded',
      `consumer lag growing (${Math.round(inputs.consumerLag)} messages behind): analysis is not keeping up`,
    );
  }
  if (Number.isFinite(inputs.errorRate)) {
    if (inputs.errorRate >= t.errorRateUnhealthy) {
      find(
        'unhealthy',
        `${percent(inputs.errorRate)} of logs fail analysis or are malformed (limit ${percent(t.errorRateUnhealthy)})`,
      );
    } else if (inputs.errorRate > t.errorRateDegraded) {
      find(
        'degraded',
        `${percent(inputs.errorRate)} of logs fail analysis or are malformed (target below ${percent(t.errorRateDegraded)})`,
      );
    }
  }
  if (inputs.latencyP99Ms > t.latencyP99TargetMs) {
    find(
      'degraded',
      `analysis latency p99 ${inputs.latencyP99Ms.toFixed(1)} ms is above the ${t.latencyP99TargetMs} ms target`,
    );
  }
  if (inputs.modelUnavailable !== null) {
    find('degraded', `model unavailable (${inputs.modelUnavailable}): logs are classified by keyword rules`);
  }
  if (inputs.history?.degraded) {
    find(
      'degraded',
      `alerts are not being saved to disk (${inputs.history.reason ?? 'unknown error'}); they are kept in memory`,
    );
  }
  return { status, reasons };
}
