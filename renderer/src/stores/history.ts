/**
 * The Logs view's history side: which tab is shown (live tail or history), the search (kept in
 * local storage, so it survives a reload), and the last answer of `logs:query` and `logs:histogram`.
 */
import { create } from 'zustand';
import type { LogHistogram, LogQueryResult } from '../../../core/contract';
import {
  EMPTY_HISTORY_SEARCH,
  HISTORY_STORAGE_KEY,
  readStoredSearch,
  toLogQuery,
  type HistorySearch,
} from '../lib/history-search';
import { runCommand } from '../transport/session';
import { showView } from './ui';

const WEEK_MS = 7 * 24 * 3_600_000;

export interface HistoryState {
  mode: 'live' | 'history';
  search: HistorySearch;
  result: LogQueryResult | null;
  histogram: LogHistogram | null;
  loading: boolean;
  /** When the shown answer was asked (its range ends then). */
  askedAt: number | null;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function initial(): HistoryState {
  const stored = storage()?.getItem(HISTORY_STORAGE_KEY) ?? null;
  const mode = storage()?.getItem(`${HISTORY_STORAGE_KEY}.mode`) === 'history' ? 'history' : 'live';
  return {
    mode,
    search: stored === null ? EMPTY_HISTORY_SEARCH : readStoredSearch(stored),
    result: null,
    histogram: null,
    loading: false,
    askedAt: null,
  };
}

export const useHistoryStore = create<HistoryState>(initial);

useHistoryStore.subscribe((state, previous) => {
  if (state.search !== previous.search) storage()?.setItem(HISTORY_STORAGE_KEY, JSON.stringify(state.search));
  if (state.mode !== previous.mode) storage()?.setItem(`${HISTORY_STORAGE_KEY}.mode`, state.mode);
});

export function setHistorySearch(patch: Partial<HistorySearch>): void {
  useHistoryStore.setState((state) => ({ search: { ...state.search, ...patch } }));
}

export function setLogsMode(mode: HistoryState['mode']): void {
  useHistoryStore.setState({ mode });
}

/** Runs the current search: the logs and the per-minute histogram of the same query. */
export async function runHistorySearch(now = Date.now()): Promise<void> {
  const query = toLogQuery(useHistoryStore.getState().search, now);
  useHistoryStore.setState({ loading: true });
  const result = await runCommand('logs:query', query);
  // The histogram covers the search's range, or for `all` the week up to the newest match (its span
  // is at most 7 days), so that logs carrying an old time still draw.
  const newest = result?.logs[0]?.time;
  const span =
    query.from === 0 && newest !== undefined
      ? { ...query, from: Math.max(0, newest - WEEK_MS), to: newest }
      : query;
  const histogram = result === null ? null : await runCommand('logs:histogram', span);
  useHistoryStore.setState({ result, histogram, loading: false, askedAt: now });
}

/** Opens all the stored logs of one template, newest first (from the Patterns view). */
export function showHistoryOfTemplate(templateId: string): void {
  useHistoryStore.setState({
    mode: 'history',
    search: { ...EMPTY_HISTORY_SEARCH, range: 'all', template: templateId },
  });
  showView('logs');
  void runHistorySearch();
}
