/** Sorting and searching of the Patterns table (pure, memoized by the view). */
import type { PatternSummary } from '../../../core/contract';

export type PatternSortKey = 'count' | 'recent' | 'firstSeen' | 'lastSeen' | 'template';
export interface PatternSort {
  key: PatternSortKey;
  descending: boolean;
}

export const DEFAULT_PATTERN_SORT: PatternSort = { key: 'count', descending: true };

/** Activity in the latest third of the trend: what "trending now" sorts by. */
export function recentActivity(pattern: PatternSummary): number {
  const tail = pattern.trend.slice(Math.floor((pattern.trend.length * 2) / 3));
  return tail.reduce((sum, value) => sum + (Number.isFinite(value) ? value : 0), 0);
}

function compare(a: PatternSummary, b: PatternSummary, key: PatternSortKey): number {
  switch (key) {
    case 'count':
      return a.count - b.count;
    case 'recent':
      return recentActivity(a) - recentActivity(b);
    case 'firstSeen':
      return a.firstSeen - b.firstSeen;
    case 'lastSeen':
      return a.lastSeen - b.lastSeen;
    case 'template':
      return a.template.localeCompare(b.template);
  }
}

export function sortPatterns(
  patterns: Iterable<PatternSummary>,
  sort: PatternSort,
  search: string,
): PatternSummary[] {
  const needle = search.trim().toLowerCase();
  const matching = [...patterns].filter(
    (pattern) =>
      needle === '' ||
      pattern.template.toLowerCase().includes(needle) ||
      pattern.templateId.toLowerCase() === needle,
  );
  const direction = sort.descending ? -1 : 1;
  // Ties broken by template id so the order is stable between refreshes.
  return matching.sort(
    (a, b) => direction * compare(a, b, sort.key) || a.templateId.localeCompare(b.templateId),
  );
}

/** Clicking the current sort column flips it; another column starts in its natural direction. */
export function nextSort(current: PatternSort, key: PatternSortKey): PatternSort {
  if (current.key === key) return { key, descending: !current.descending };
  return { key, descending: key !== 'template' };
}
