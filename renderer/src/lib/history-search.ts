/**
 * The Logs view's history search as the user sets it (a time range and filters, all text), turned
 * into the contract's `LogQuery`, and kept across a reload in local storage (read back through the
 * contract's own bounds, so a stale or edited value can never send an invalid request).
 */
import { LOG_LEVELS, LogQuery, type LogLevel } from '../../../core/contract';

/**
 * Ranges of log time ending now; `all` is everything stored, whatever time the logs carry (a
 * replayed file or a syslog line without a year can carry a time far from today).
 */
export const HISTORY_RANGES = {
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 24 * 3_600_000,
  all: Number.POSITIVE_INFINITY,
} as const;
export type HistoryRange = keyof typeof HISTORY_RANGES;

export interface HistorySearch {
  range: HistoryRange;
  service: string;
  host: string;
  level: LogLevel | '';
  template: string;
  text: string;
}

export const EMPTY_HISTORY_SEARCH: HistorySearch = {
  range: '1h',
  service: '',
  host: '',
  level: '',
  template: '',
  text: '',
};

export const HISTORY_ROWS = 500;

/** Log times the `all` range reaches up to (a year ahead: clocks and parsed years can be off). */
const ALL_AHEAD_MS = 366 * 24 * 3_600_000;

/** The request for `logs:query` / `logs:histogram`: the range ends now; empty fields are no filter. */
export function toLogQuery(search: HistorySearch, now: number): LogQuery {
  const all = search.range === 'all';
  const query: LogQuery = {
    from: all ? 0 : Math.max(0, now - HISTORY_RANGES[search.range]),
    to: all ? now + ALL_AHEAD_MS : now,
    limit: HISTORY_ROWS,
  };
  const service = search.service.trim();
  const host = search.host.trim();
  const template = search.template.trim();
  if (service !== '') query.service = service.slice(0, 256);
  if (host !== '') query.host = host.slice(0, 256);
  if (search.level !== '') query.level = search.level;
  if (template !== '') query.template = template.slice(0, 256);
  if (search.text !== '') query.text = search.text.slice(0, 512);
  return LogQuery.parse(query);
}

export const HISTORY_STORAGE_KEY = 'vigil.logs.history-search';

/** A stored search, or the empty one when nothing (valid) is stored. */
export function readStoredSearch(raw: string | null): HistorySearch {
  if (raw === null) return EMPTY_HISTORY_SEARCH;
  try {
    const value = JSON.parse(raw) as Partial<Record<keyof HistorySearch, unknown>>;
    const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 512) : '');
    return {
      range:
        typeof value.range === 'string' && value.range in HISTORY_RANGES
          ? (value.range as HistoryRange)
          : '1h',
      service: text(value.service),
      host: text(value.host),
      level: LOG_LEVELS.includes(value.level as LogLevel) ? (value.level as LogLevel) : '',
      template: text(value.template),
      text: text(value.text),
    };
  } catch {
    return EMPTY_HISTORY_SEARCH;
  }
}
