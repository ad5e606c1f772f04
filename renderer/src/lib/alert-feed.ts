/**
 * Filtering and grouping of the alert feed, kept pure so it is testable and memoizable: the view
 * recomputes it only when the alerts map or the filter changes.
 */
import { ALERT_LEVELS, ALERT_TRIGGERS } from '../../../core/contract';
import type { Alert, AlertLevel, AlertTrigger } from '../../../core/contract';

/**
 * The status shown: the engine's, except that a snooze still running shows as snoozed even before
 * the engine's status says so (journals written before `snoozed` was a status of its own).
 */
export type EffectiveStatus = 'open' | 'acknowledged' | 'snoozed' | 'resolved';
export const EFFECTIVE_STATUSES: readonly EffectiveStatus[] = ['open', 'acknowledged', 'snoozed', 'resolved'];

/** `active` = needs attention now: open or acknowledged, not snoozed. */
export type StatusFilter = 'active' | EffectiveStatus | 'all';
export type GroupBy = 'none' | 'level' | 'trigger' | 'service' | 'status';

export interface AlertFilter {
  /** Empty = every level. */
  levels: readonly AlertLevel[];
  trigger: AlertTrigger | 'all';
  /** Case-insensitive substring of the service name; empty = every service. */
  service: string;
  status: StatusFilter;
}

export const DEFAULT_ALERT_FILTER: AlertFilter = {
  levels: [],
  trigger: 'all',
  service: '',
  status: 'active',
};

export type AlertFeedItem =
  { kind: 'group'; key: string; label: string; count: number } | { kind: 'alert'; alert: Alert };

const LEVEL_RANK: Record<AlertLevel, number> = { critical: 0, high: 1, medium: 2, low: 3 };

export function effectiveStatus(item: Pick<Alert, 'status' | 'snoozedUntil'>, now: number): EffectiveStatus {
  if (item.status === 'resolved') return 'resolved';
  if (item.snoozedUntil !== null && item.snoozedUntil > now) return 'snoozed';
  return item.status;
}

export function matchesStatus(status: EffectiveStatus, filter: StatusFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'active') return status === 'open' || status === 'acknowledged';
  return status === filter;
}

export function filterAlerts(alerts: Iterable<Alert>, filter: AlertFilter, now: number): Alert[] {
  const service = filter.service.trim().toLowerCase();
  const result: Alert[] = [];
  for (const alert of alerts) {
    if (filter.levels.length > 0 && !filter.levels.includes(alert.level)) continue;
    if (filter.trigger !== 'all' && alert.trigger !== filter.trigger) continue;
    if (service.length > 0 && !(alert.service ?? '').toLowerCase().includes(service)) continue;
    if (!matchesStatus(effectiveStatus(alert, now), filter.status)) continue;
    result.push(alert);
  }
  return result;
}

function groupKey(alert: Alert, groupBy: Exclude<GroupBy, 'none'>, now: number): string {
  switch (groupBy) {
    case 'level':
      return alert.level;
    case 'trigger':
      return alert.trigger;
    case 'service':
      return alert.service ?? '';
    case 'status':
      return effectiveStatus(alert, now);
  }
}

/** Fixed group orders where the values have a natural order; services alphabetically, unnamed last. */
function groupOrder(groupBy: Exclude<GroupBy, 'none'>, keys: string[]): string[] {
  const fixed: readonly string[] | null =
    groupBy === 'level'
      ? ALERT_LEVELS
      : groupBy === 'trigger'
        ? ALERT_TRIGGERS
        : groupBy === 'status'
          ? EFFECTIVE_STATUSES
          : null;
  if (fixed !== null) return fixed.filter((key) => keys.includes(key));
  return keys.sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
}

function groupLabel(groupBy: Exclude<GroupBy, 'none'>, key: string): string {
  if (groupBy === 'service') return key === '' ? 'no service' : key;
  return key.replace('_', ' ');
}

/** Most recent first; among equally recent, the more severe first. */
function byRecency(a: Alert, b: Alert): number {
  return b.lastSeen - a.lastSeen || LEVEL_RANK[a.level] - LEVEL_RANK[b.level];
}

/** The flat list the virtualized feed renders: group headers followed by their alerts. */
export function buildAlertFeed(alerts: readonly Alert[], groupBy: GroupBy, now: number): AlertFeedItem[] {
  if (groupBy === 'none')
    return alerts
      .slice()
      .sort(byRecency)
      .map((alert) => ({ kind: 'alert', alert }));
  const groups = new Map<string, Alert[]>();
  for (const alert of alerts) {
    const key = groupKey(alert, groupBy, now);
    const members = groups.get(key);
    if (members) members.push(alert);
    else groups.set(key, [alert]);
  }
  const items: AlertFeedItem[] = [];
  for (const key of groupOrder(groupBy, [...groups.keys()])) {
    const members = groups.get(key)!.sort(byRecency);
    items.push({ kind: 'group', key, label: groupLabel(groupBy, key), count: members.length });
    for (const alert of members) items.push({ kind: 'alert', alert });
  }
  return items;
}
