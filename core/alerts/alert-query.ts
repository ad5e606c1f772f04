/**
 * Reading the alert store (alert-store.ts): the alerts a query matches, most recent occurrence
 * first, and the open load by level and by trigger.
 */
import type { Alert, AlertLevel, AlertQuery, AlertTrigger } from '../contract';
import { ALERT_LEVELS, ALERT_TRIGGERS } from '../contract';

/** The live alerts matching the query (`status` includes `snoozed`), most recent first, at most `limit`. */
export function matchAlerts(alerts: Iterable<Alert>, query: AlertQuery, limit: number): Alert[] {
  const levels = query.level && query.level.length > 0 ? new Set<string>(query.level) : null;
  const triggers = query.trigger && query.trigger.length > 0 ? new Set<string>(query.trigger) : null;
  const statuses = query.status && query.status.length > 0 ? new Set<string>(query.status) : null;
  const out: Alert[] = [];
  for (const a of alerts) {
    if (levels && !levels.has(a.level)) continue;
    if (triggers && !triggers.has(a.trigger)) continue;
    if (query.service !== undefined && a.service !== query.service) continue;
    if (statuses && !statuses.has(a.status)) continue;
    out.push(a);
  }
  out.sort((x, y) => y.lastSeen - x.lastSeen || (x.id < y.id ? -1 : 1));
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
