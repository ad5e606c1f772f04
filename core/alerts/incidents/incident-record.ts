/**
 * Small operations on one incident's record: its bounded timeline, per-minute counts and name
 * lists, and copies for the world outside the store.
 */
import type { Incident, IncidentTimelineEntry } from '../../contract';

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
