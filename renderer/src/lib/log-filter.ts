/** Filters for the live tail. Pure, so the view can memoize on (rows, filter). */
import type { Category, LogLevel } from '../../../core/contract';
import type { LogRow } from '../stores/logs';

export interface LogFilter {
  /** `unset` matches logs that carry no level. */
  level: LogLevel | 'unset' | 'all';
  category: Category | 'all';
  /** Exact topic; empty = all. */
  topic: string;
  /** Case-insensitive substring of the service; empty = all. */
  service: string;
  /** Exact template id; empty = all. */
  templateId: string;
  /** Case-insensitive substring of the message; empty = all. */
  text: string;
}

export const EMPTY_LOG_FILTER: LogFilter = {
  level: 'all',
  category: 'all',
  topic: '',
  service: '',
  templateId: '',
  text: '',
};

export function isEmptyFilter(filter: LogFilter): boolean {
  return (
    filter.level === 'all' &&
    filter.category === 'all' &&
    filter.topic === '' &&
    filter.service.trim() === '' &&
    filter.templateId === '' &&
    filter.text.trim() === ''
  );
}

export function filterLogs(rows: readonly LogRow[], filter: LogFilter): readonly LogRow[] {
  if (isEmptyFilter(filter)) return rows;
  const service = filter.service.trim().toLowerCase();
  const text = filter.text.trim().toLowerCase();
  return rows.filter((row) => {
    if (filter.level === 'unset' ? row.level !== null : filter.level !== 'all' && row.level !== filter.level)
      return false;
    if (filter.category !== 'all' && row.category !== filter.category) return false;
    if (filter.topic !== '' && row.topic !== filter.topic) return false;
    if (filter.templateId !== '' && row.templateId !== filter.templateId) return false;
    if (service !== '' && !(row.service ?? '').toLowerCase().includes(service)) return false;
    if (text !== '' && !row.message.toLowerCase().includes(text)) return false;
    return true;
  });
}

/** Distinct values of a field among the rows, sorted, at most `cap` (for filter drop-downs). */
export function distinctValues(
  rows: readonly LogRow[],
  pick: (row: LogRow) => string | null,
  cap = 100,
): string[] {
  const seen = new Set<string>();
  for (const row of rows) {
    const value = pick(row);
    if (value !== null && value !== '') seen.add(value);
    if (seen.size >= cap) break;
  }
  return [...seen].sort();
}
