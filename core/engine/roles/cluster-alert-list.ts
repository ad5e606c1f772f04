/**
 * The cluster's alert states (core/cluster/fold.ts) as the contract's alerts: the fold's recorded
 * actions become the alert's audit trail (who and when), a running snooze shows as `snoozed` (as
 * the standalone store does), and lists filter and order exactly like `alerts:list`.
 */
import {
  ALERT_LEVELS,
  ALERT_TRIGGERS,
  AuditAction,
  type Alert,
  type AlertLevel,
  type AlertQuery,
  type AlertTrigger,
  type AuditEntry,
} from '../../contract';
import type { AlertState } from '../../cluster/fold';

/** The default page of `alerts:list`, as the standalone store's. */
const DEFAULT_LIMIT = 1000;

export function alertOfState(state: AlertState, now: number): Alert {
  const audit: AuditEntry[] = [];
  for (const entry of state.actions) {
    const action = AuditAction.safeParse(entry.action);
    if (action.success) audit.push({ at: entry.at, who: entry.who, action: action.data, text: entry.text });
  }
  const alert = state.alert;
  const snoozed = alert.status !== 'resolved' && alert.snoozedUntil !== null && alert.snoozedUntil > now;
  const status = snoozed ? 'snoozed' : alert.status === 'snoozed' ? 'open' : alert.status;
  return { ...alert, status, audit };
}

export function listAlerts(states: Iterable<AlertState>, query: AlertQuery, now: number): Alert[] {
  const levels = query.level && query.level.length > 0 ? new Set<string>(query.level) : null;
  const triggers = query.trigger && query.trigger.length > 0 ? new Set<string>(query.trigger) : null;
  const statuses = query.status && query.status.length > 0 ? new Set<string>(query.status) : null;
  const out: Alert[] = [];
  for (const state of states) {
    const a = state.alert;
    if (levels && !levels.has(a.level)) continue;
    if (triggers && !triggers.has(a.trigger)) continue;
    if (query.service !== undefined && a.service !== query.service) continue;
    const alert = alertOfState(state, now);
    if (statuses && !statuses.has(alert.status)) continue;
    out.push(alert);
  }
  out.sort((x, y) => y.lastSeen - x.lastSeen || (x.id < y.id ? -1 : 1));
  return out.slice(0, query.limit ?? DEFAULT_LIMIT);
}

export function countAlerts(states: Iterable<AlertState>): {
  byLevel: Record<AlertLevel, number>;
  byTrigger: Record<AlertTrigger, number>;
} {
  const byLevel = Object.fromEntries(ALERT_LEVELS.map((l) => [l, 0])) as Record<AlertLevel, number>;
  const byTrigger = Object.fromEntries(ALERT_TRIGGERS.map((t) => [t, 0])) as Record<AlertTrigger, number>;
  for (const { alert } of states) {
    if (alert.status === 'resolved') continue;
    byLevel[alert.level] += 1;
    byTrigger[alert.trigger] += 1;
  }
  return { byLevel, byTrigger };
}
