/**
 * `patterns:alerts` (i18): every alert of the engine's store whose evidence holds a template
 * (`Alert.templates`, or `templateId` for alerts written before it), matched through the miner's
 * merges: an alert that counted a template since merged into the asked one belongs to it too. It
 * reads the whole store (at most `maxAlerts`, 5,000 by default), resolved alerts included, not the
 * window's share of it; the cost (≤ 21 ids an alert) is paid per request, never per log.
 */
import type { Alert, PatternAlerts, PatternAlertsQuery } from '../contract';
import { copyAlert, type AlertStore } from '../alerts';
import { templateIdsOf } from '../alerts/alert-location';

export const DEFAULT_PATTERN_ALERTS_LIMIT = 200;

export function alertsOfPattern(
  store: AlertStore,
  query: PatternAlertsQuery,
  now: number,
  resolve: (id: string) => string = (id) => id,
): PatternAlerts {
  const target = resolve(query.templateId);
  const matching: Alert[] = [];
  for (const alert of store.all()) {
    if (templateIdsOf(alert).some((id) => id === target || resolve(id) === target)) matching.push(alert);
  }
  matching.sort((x, y) => y.lastSeen - x.lastSeen || (x.id < y.id ? -1 : 1));
  return {
    templateId: target,
    alerts: matching
      .slice(0, query.limit ?? DEFAULT_PATTERN_ALERTS_LIMIT)
      .map((alert) => copyAlert(store.freshen(alert, now))),
    total: matching.length,
  };
}
