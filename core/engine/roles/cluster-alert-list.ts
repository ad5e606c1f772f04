/**
 * The cluster's alert states (core/cluster/fold.ts) as the contract's alerts: the fold's recorded
 * actions become the alert's audit trail (who and when), a running snooze shows as `snoozed` (as
 * the standalone store does), and lists filter and order exactly like `alerts:list`.
 */
import {
  AUDIT_ACTIONS,
  type Alert,
  type AuditAction,
  type AlertQuery,
  type AuditEntry,
} from '../../contract';
import { alertFilter, newestFirst, openCounts } from '../../alerts/alert-query';
import type { AlertState } from '../../cluster/fold';

const AUDIT_ACTION_SET: ReadonlySet<string> = new Set(AUDIT_ACTIONS);

/** The default page of `alerts:list`, as the standalone store's. */
const DEFAULT_LIMIT = 1000;

/**
 * States as read from the topic are replaced, never changed, so an alert whose status does not
 * depend on the clock (no snooze) is made once per state: lists and incident refreshes of a large
 * cluster reuse it. Callers must not mutate what they get (copy first, as the detail does).
 */
const madeOnce = new WeakMap<AlertState, Alert>();

export function alertOfState(state: AlertState, now: number): Alert {
  const timeless = state.alert.snoozedUntil === null;
  if (timeless) {
    const made = madeOnce.get(state);
    if (made !== undefined) return made;
  }
  const audit: AuditEntry[] = [];
  for (const entry of state.actions) {
    // A set lookup, not a zod parse: this runs for every alert of every list and incident refresh.
    if (AUDIT_ACTION_SET.has(entry.action))
      audit.push({ at: entry.at, who: entry.who, action: entry.action as AuditAction, text: entry.text });
  }
  const alert = state.alert;
  const snoozed = alert.status !== 'resolved' && alert.snoozedUntil !== null && alert.snoozedUntil > now;
  const status = snoozed ? 'snoozed' : alert.status === 'snoozed' ? 'open' : alert.status;
  const made: Alert = { ...alert, status, audit };
  if (timeless) madeOnce.set(state, made);
  return made;
}

export function listAlerts(states: Iterable<AlertState>, query: AlertQuery, now: number): Alert[] {
  const filter = alertFilter(query);
  const out: Alert[] = [];
  for (const state of states) {
    if (!filter.kept(state.alert)) continue;
    const alert = alertOfState(state, now);
    if (filter.shown(alert)) out.push(alert);
  }
  out.sort(newestFirst);
  return out.slice(0, query.limit ?? DEFAULT_LIMIT);
}

/** Open and acknowledged alerts by level and by trigger, counted as the standalone store counts them. */
export function countAlerts(states: Iterable<AlertState>): ReturnType<typeof openCounts> {
  const alerts: Alert[] = [];
  for (const { alert } of states) alerts.push(alert);
  return openCounts(alerts);
}
