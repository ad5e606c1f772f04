/**
 * Reading the alert store (alert-store.ts): the alerts a query matches, most recent occurrence
 * first, and the open load by level and by trigger.
 */
import type { Alert, AlertLevel, AlertQuery, AlertTrigger } from '../contract';
import { ALERT_LEVELS, ALERT_TRIGGERS } from '../contract';

/**
 * The query's filters, one rule for the standalone store and a role's view of the cluster's alerts:
 * level, trigger and service judge the alert as kept; `status` (which includes `snoozed`) judges the
 * alert as shown, which a role makes from its state (cluster-alert-list.ts).
 */
export function alertFilter(query: AlertQuery): {
  kept: (alert: Alert) => boolean;
  shown: (alert: Alert) => boolean;
} {
  const levels = query.level && query.level.length > 0 ? new Set<string>(query.level) : null;
  const triggers = query.trigger && query.trigger.length > 0 ? new Set<string>(query.trigger) : null;
  const statuses = query.status && query.status.length > 0 ? new Set<string>(query.status) : null;
  return {
    kept: (a) =>
      (levels === null || levels.has(a.level)) &&
      (triggers === null || triggers.has(a.trigger)) &&
      (query.service === undefined || a.service === query.service),
    shown: (a) => statuses === null || statuses.has(a.status),
  };
}

/** Most recent occurrence first, then by id (a total order). */
export const newestFirst = (x: Alert, y: Alert): number => y.lastSeen - x.lastSeen || (x.id < y.id ? -1 : 1);

/** The live alerts matching the query, most recent first, at most `limit`. */
export function matchAlerts(alerts: Iterable<Alert>, query: AlertQuery, limit: number): Alert[] {
  const filter = alertFilter(query);
  const out: Alert[] = [];
  for (const a of alerts) if (filter.kept(a) && filter.shown(a)) out.push(a);
  out.sort(newestFirst);
  return out.slice(0, limit);
}

/** Open and acknowledged alerts by level and by trigger (resolved ones are history, not load). */
export function openCounts(alerts: Iterable<Alert>): {
  byLevel: Record<AlertLevel, number>;
  byTrigger: Record<AlertTrigger, number>;
} {
  const byLevel = Object.fromEntries(ALERT_LEVELS.map((l) => [l, 0])) as Record<AlertLevel, number>;
  const byTrigger = Object.fromEntries(ALERT_TRIGGERS.map((t) => [t, 0])) as Record<AlertTrigger, number>;
  for (const a of alerts) {
    if (a.status === 'resolved') continue;
    byLevel[a.level] += 1;
    byTrigger[a.trigger] += 1;
  }
  return { byLevel, byTrigger };
}
