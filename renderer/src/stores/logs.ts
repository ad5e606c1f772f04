/**
 * The live tail: a bounded buffer of sampled logs, newest first.
 *
 * Each row gets a local sequence number (logs have no id of their own) used as the React key and to
 * count what arrived while paused. Pausing freezes what the view shows (the array at that moment;
 * arrays are never mutated, so this costs nothing) while the buffer keeps filling up to its cap.
 */
import { create } from 'zustand';
import type { LiveLog } from '../../../core/contract';

export interface LogRow extends LiveLog {
  seq: number;
}

export interface LogsState {
  /** Newest first, at most `LOGS_CAP` rows. */
  rows: readonly LogRow[];
  nextSeq: number;
  /** Logs the engine analyzed but did not sample into the tail, since this window connected. */
  notSampled: number;
  paused: boolean;
  /** What the view shows while paused. */
  frozen: readonly LogRow[] | null;
  seqAtPause: number;
}

export const LOGS_CAP = 5_000;

export const INITIAL_LOGS: LogsState = {
  rows: [],
  nextSeq: 1,
  notSampled: 0,
  paused: false,
  frozen: null,
  seqAtPause: 0,
};

/** Appends one batch's worth of tail rows (given oldest first, as the engine sends them). */
export function appendLogs(
  state: LogsState,
  logs: readonly LiveLog[],
  notSampled: number,
  cap = LOGS_CAP,
): LogsState {
  if (logs.length === 0 && notSampled === 0) return state;
  const kept = logs.length > cap ? logs.slice(logs.length - cap) : logs;
  // Rows of the batch that fell off the front of `kept` still consumed sequence numbers.
  let seq = state.nextSeq + (logs.length - kept.length);
  const newestFirst: LogRow[] = new Array<LogRow>(kept.length);
  for (let i = 0; i < kept.length; i++) newestFirst[kept.length - 1 - i] = { ...kept[i]!, seq: seq++ };
  const rows = newestFirst.concat(state.rows.slice(0, Math.max(0, cap - newestFirst.length)));
  return { ...state, rows, nextSeq: seq, notSampled: state.notSampled + notSampled };
}

export function pauseLogs(state: LogsState): LogsState {
  if (state.paused) return state;
  return { ...state, paused: true, frozen: state.rows, seqAtPause: state.nextSeq };
}

export function resumeLogs(state: LogsState): LogsState {
  if (!state.paused) return state;
  return { ...state, paused: false, frozen: null };
}

export function clearLogs(state: LogsState): LogsState {
  return { ...state, rows: [], frozen: state.paused ? [] : null, seqAtPause: state.nextSeq };
}

/** The rows the tail view should show. */
export function shownRows(state: LogsState): readonly LogRow[] {
  return state.paused && state.frozen !== null ? state.frozen : state.rows;
}

/** How many rows arrived since pausing (some may already have been evicted by the cap). */
export function arrivedWhilePaused(state: LogsState): number {
  return state.paused ? state.nextSeq - state.seqAtPause : 0;
}

export const useLogsStore = create<LogsState>(() => INITIAL_LOGS);
