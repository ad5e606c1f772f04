/**
 * The incident feed the Alerts view leads with: incidents filtered (status, level, trigger, service
 * or host) and ordered (most severe first, then most recent), each followed by its child alerts when
 * the engineer expanded it. Pure, so it is testable and memoizable; the view holds it still with
 * `held-feed.ts` (`incidentAdapter`).
 */
import type { Alert, AlertLevel, Incident } from '../../../core/contract';
import { effectiveStatus, matchesStatus, type AlertFilter, type EffectiveStatus } from './alert-feed';
import type { HeldAdapter } from './held-feed';

export type IncidentFeedItem =
  | { kind: 'incident'; incident: Incident; expanded: boolean }
  | { kind: 'alert'; alert: Alert; incidentId: string }
  /** Child alerts the window does not hold (evicted from its bounded store, or not received yet). */
  | { kind: 'missing'; incidentId: string; count: number };

const LEVEL_RANK: Record<AlertLevel, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** An incident's status as shown: the same rule as an alert's. */
export const incidentStatus: (incident: Incident, now: number) => EffectiveStatus = effectiveStatus;

/** The same filter as the alert list: the service box matches an incident's services and hosts. */
export function filterIncidents(incidents: Iterable<Incident>, filter: AlertFilter, now: number): Incident[] {
  const needle = filter.service.trim().toLowerCase();
  const result: Incident[] = [];
  for (const incident of incidents) {
    if (filter.levels.length > 0 && !filter.levels.includes(incident.level)) continue;
    if (filter.trigger !== 'all' && incident.trigger !== filter.trigger) continue;
    if (
      needle.length > 0 &&
      ![...incident.services, ...incident.hosts].some((name) => name.toLowerCase().includes(needle))
    )
      continue;
    if (!matchesStatus(incidentStatus(incident, now), filter.status)) continue;
    result.push(incident);
  }
  return result;
}

/** Most severe first; among equals, the most recent. */
function bySeverityThenRecency(
  a: { level: AlertLevel; lastSeen: number },
  b: { level: AlertLevel; lastSeen: number },
): number {
  return LEVEL_RANK[a.level] - LEVEL_RANK[b.level] || b.lastSeen - a.lastSeen;
}

/** The flat list the virtualized feed renders: incident rows, each followed by its alerts if expanded. */
export function buildIncidentFeed(
  incidents: readonly Incident[],
  expanded: ReadonlySet<string>,
  alertsById: ReadonlyMap<string, Alert>,
): IncidentFeedItem[] {
  const items: IncidentFeedItem[] = [];
  for (const incident of incidents.slice().sort(bySeverityThenRecency)) {
    const open = expanded.has(incident.id);
    items.push({ kind: 'incident', incident, expanded: open });
    if (!open) continue;
    const children: Alert[] = [];
    for (const id of incident.alertIds) {
      const alert = alertsById.get(id);
      if (alert !== undefined) children.push(alert);
    }
    children.sort(bySeverityThenRecency);
    for (const alert of children) items.push({ kind: 'alert', alert, incidentId: incident.id });
    const missing = incident.alertIds.length - children.length;
    if (missing > 0) items.push({ kind: 'missing', incidentId: incident.id, count: missing });
  }
  return items;
}

/** The key of a feed row, the same one the selection and the virtual list use. */
export function incidentFeedKey(item: IncidentFeedItem): string {
  switch (item.kind) {
    case 'incident':
      return `incident:${item.incident.id}`;
    case 'alert':
      return `alert:${item.alert.id}`;
    case 'missing':
      return `missing:${item.incidentId}`;
  }
}

/** Holds the incident feed still (held-feed.ts): rows keep their place and show their latest data. */
export function incidentAdapter(
  incidentsById: ReadonlyMap<string, Incident>,
  alertsById: ReadonlyMap<string, Alert>,
): HeldAdapter<IncidentFeedItem> {
  return {
    key: incidentFeedKey,
    isRow: (item) => item.kind !== 'missing',
    refresh: (item) => {
      if (item.kind === 'incident') {
        const latest = incidentsById.get(item.incident.id);
        return latest === undefined || latest === item.incident ? item : { ...item, incident: latest };
      }
      if (item.kind === 'alert') {
        const latest = alertsById.get(item.alert.id);
        return latest === undefined || latest === item.alert ? item : { ...item, alert: latest };
      }
      return item;
    },
  };
}
