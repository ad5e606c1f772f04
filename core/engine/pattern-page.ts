/**
 * `patterns:list` with paging and filters: every template the engine counts (up to 10,000), most
 * frequent first, filtered by a case-insensitive substring of the template and by service, then one
 * page. Without `offset`, `text` or `service` it answers as before (the top `limit`).
 */
import type { PatternDetail, PatternPage, PatternQuery } from '../contract';

export const DEFAULT_PATTERN_LIMIT = 500;

export function pagePatterns(all: PatternDetail[], query: PatternQuery): PatternPage {
  const text = query.text?.toLowerCase();
  const service = query.service;
  const matching = all.filter(
    (p) =>
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
