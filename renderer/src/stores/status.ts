/**
 * Engine status and a bounded history of its stats for the Overview charts.
 *
 * The engine may send a status in every batch (up to ~10/s); the charts need far less, so history
 * keeps at most one point per second over the last ten minutes (≤ 601 points). A pause longer
 * than a few seconds (engine stopped, connection lost) becomes a gap point, so the charts show a
 * break instead of a line drawn across time nobody observed.
 */
import { create } from 'zustand';
import type { EngineStatus } from '../../../core/contract';

export interface StatsPoint {
  /** Epoch milliseconds (the batch time). */
  t: number;
  logsPerSecond: number | null;
  latencyP50: number | null;
  latencyP99: number | null;
  decisionP50: number | null;
  decisionP99: number | null;
  /** Fraction 0..1 as the engine reports it. */
  errorRate: number | null;
  consumerLag: number | null;
}

export interface StatusState {
  status: EngineStatus | null;
  /** Oldest first, strictly increasing `t` (uPlot needs ascending x). */
  history: StatsPoint[];
}

export const HISTORY_WINDOW_MS = 10 * 60_000;
export const HISTORY_SPACING_MS = 1_000;
/** Silence longer than this between two points is drawn as a gap. */
export const HISTORY_GAP_MS = 5 * HISTORY_SPACING_MS;
export const HISTORY_MAX_POINTS = HISTORY_WINDOW_MS / HISTORY_SPACING_MS + 1;

export const INITIAL_STATUS: StatusState = { status: null, history: [] };

function pointFrom(status: EngineStatus, t: number): StatsPoint {
  const { stats } = status;
  return {
    t,
    logsPerSecond: stats.logsPerSecond,
    latencyP50: stats.latencyMs.p50,
    latencyP99: stats.latencyMs.p99,
    decisionP50: stats.decisionLatencyMs.p50,
    decisionP99: stats.decisionLatencyMs.p99,
    errorRate: stats.errorRate,
    consumerLag: stats.consumerLag,
  };
}

function gapAt(t: number): StatsPoint {
  return {
    t,
    logsPerSecond: null,
    latencyP50: null,
    latencyP99: null,
    decisionP50: null,
    decisionP99: null,
    errorRate: null,
    consumerLag: null,
  };
}

/**
 * Applies the newest status. `at` is the engine's batch time; command responses pass null because
 * the renderer's clock (possibly another machine's) must not be mixed into the engine's time axis.
 */
export function reduceStatus(state: StatusState, status: EngineStatus, at: number | null): StatusState {
  const last = state.history[state.history.length - 1];
  // Only a running engine produces meaningful rates; a stopped one just freezes the last values.
  const tooSoon = last !== undefined && at !== null && at < last.t + HISTORY_SPACING_MS;
  if (at === null || !status.running || tooSoon) return { ...state, status };

  const history = state.history.slice();
  if (last !== undefined && at - last.t > HISTORY_GAP_MS) history.push(gapAt(last.t + 1));
  history.push(pointFrom(status, at));

  const oldestKept = at - HISTORY_WINDOW_MS;
  let firstKept = 0;
  while (firstKept < history.length && history[firstKept]!.t < oldestKept) firstKept++;
  firstKept = Math.max(firstKept, history.length - HISTORY_MAX_POINTS);
  return { status, history: firstKept > 0 ? history.slice(firstKept) : history };
}

export const useStatusStore = create<StatusState>(() => INITIAL_STATUS);

export function applyStatus(status: EngineStatus, at: number | null): void {
  useStatusStore.setState((state) => reduceStatus(state, status, at));
}
