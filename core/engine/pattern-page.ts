/**
 * `patterns:list` with paging and filters: every template the engine counts (up to 10,000), most
 * frequent first, filtered by a case-insensitive substring of the template and by service, then one
 * page. Without `offset`, `text` or `service` it answers as before (the top `limit`). `templateId`
 * (i18) keeps one pattern, so that an alert can open it whatever page it falls on; `all` already
 * folds merged templates into their survivor, and `resolve` maps an asked id that was merged.
 */
import type { PatternDetail, PatternPage, PatternQuery } from '../contract';

export const DEFAULT_PATTERN_LIMIT = 500;

export function pagePatterns(
  all: PatternDetail[],
  query: PatternQuery,
  resolve: (id: string) => string = (id) => id,
): PatternPage {
  const text = query.text?.toLowerCase();
  const service = query.service;
  const id = query.templateId === undefined ? undefined : resolve(query.templateId);
  const matching = all.filter(
    (p) =>
      (id === undefined || p.templateId === id) &&
      (text === undefined || p.template.toLowerCase().includes(text)) &&
      (service === undefined || (p.services ?? []).some((s) => s.value === service)),
  );
  matching.sort((a, b) => b.count - a.count || a.templateId.localeCompare(b.templateId));
  const offset = query.offset ?? 0;
  return {
    patterns: matching.slice(offset, offset + (query.limit ?? DEFAULT_PATTERN_LIMIT)),
    total: matching.length,
  };
}
