/**
 * Small operations on one incident's record: its bounded timeline, per-minute counts and name
 * lists, and copies for the world outside the store.
 */
import type { Alert, Incident, IncidentTimelineEntry } from '../../contract';
import { levelRank } from '../candidate';

/** The alert of the highest level, the first of them at it (an incident's leader on restore). */
export function highestLevel(alerts: readonly Alert[]): Alert | undefined {
  let best: Alert | undefined;
  for (const a of alerts) if (best === undefined || levelRank(a.level) > levelRank(best.level)) best = a;
  return best;
}

/** A timeline entry about one alert. */
export function entryFor(
  at: number,
  kind: IncidentTimelineEntry['kind'],
  alert: Alert,
  text: string,
): IncidentTimelineEntry {
  return { at, kind, alertId: alert.id, level: alert.level, text };
}

/** Eviction order when the store is full: resolved incidents first, then the least recently seen. */
export function evictionOrder(x: Incident, y: Incident): number {
  return (x.status === 'resolved' ? 0 : 1) - (y.status === 'resolved' ? 0 : 1) || x.lastSeen - y.lastSeen;
}

/** Appends to the timeline; beyond `max` the oldest entries after the opening one go. */
export function pushTimeline(incident: Incident, entry: IncidentTimelineEntry, max: number): void {
  const timeline = incident.timeline;
  if (timeline.length >= max) timeline.splice(1, timeline.length - max + 1);
  timeline.push(entry);
}

/** Counts one occurrence at `now` in the per-minute series, keeping the last `minutes` minutes. */
export function countMinute(incident: Incident, now: number, minutes: number): void {
  const series = incident.perMinute;
  const minute = Math.floor(now / 60_000);
  const last = series[series.length - 1];
  if (last !== undefined && last.minute === minute) {
    last.count += 1;
    return;
  }
  if (last === undefined || minute > last.minute) {
    series.push({ minute, count: 1 });
    while (series.length > 0 && series[0]!.minute <= minute - minutes) series.shift();
    return;
  }
  // An occurrence stamped in an earlier minute (a late batch): count it where it belongs, if kept.
  for (let i = series.length - 2; i >= 0; i--) {
    const entry = series[i]!;
    if (entry.minute === minute) {
      entry.count += 1;
      return;
    }
    if (entry.minute < minute) {
      series.splice(i + 1, 0, { minute, count: 1 });
      if (series.length > minutes) series.shift();
      return;
    }
  }
}

/** Adds a name to a bounded list (services, hosts) once. */
export function addName(names: string[], name: string | null, max: number): boolean {
  if (name === null || names.length >= max || names.includes(name)) return false;
  names.push(name);
  return true;
}

export function copyIncident(incident: Incident): Incident {
  return {
    ...incident,
    services: incident.services.slice(),
    hosts: incident.hosts.slice(),
    alertIds: incident.alertIds.slice(),
    timeline: incident.timeline.slice(),
    perMinute: incident.perMinute.map((m) => ({ ...m })),
    audit: incident.audit.slice(),
  };
}
