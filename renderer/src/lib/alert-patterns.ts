/**
 * The patterns an alert's detail shows (i18): the templates of its evidence (`Alert.templates`,
 * busiest first, without the `(other)` entry, which is summed apart), or its own `templateId` for
 * alerts from engines or journals that predate `templates`.
 */
import type { Alert } from '../../../core/contract';

const OTHER = '(other)';

export interface AlertPattern {
  templateId: string;
  /** Occurrences of the alert from this template; null when the alert predates the counts. */
  count: number | null;
}

export interface AlertPatternList {
  shown: AlertPattern[];
  /** Patterns in all (without the `(other)` entry). */
  total: number;
  /** Occurrences from patterns not shown: beyond `max`, and the `(other)` entry. */
  restCount: number;
  /** True when some templates were only counted together in `(other)`. */
  hasOther: boolean;
}

export function alertPatterns(alert: Alert, max: number): AlertPatternList {
  const listed = (alert.templates ?? []).filter((t) => t.value !== OTHER);
  const all: AlertPattern[] =
    listed.length > 0
      ? listed.map((t) => ({ templateId: t.value, count: t.count }))
      : alert.templateId === null
        ? []
        : [{ templateId: alert.templateId, count: null }];
  const other = alert.templates?.find((t) => t.value === OTHER)?.count ?? 0;
  const restCount = all.slice(max).reduce((n, p) => n + (p.count ?? 0), other);
  return { shown: all.slice(0, max), total: all.length, restCount, hasOther: other > 0 };
}
