/** Incident ids and the list filters (the same as the alerts list's). */
import { createHash } from 'node:crypto';
import type { AlertQuery, Incident } from '../../contract';

/** Unique per opening: the leading alert's id and the time it opened the incident. */
export function incidentIdOf(leaderId: string, openedAt: number): string {
  return `in-${createHash('sha256').update(`${leaderId}@${openedAt}`).digest('hex').slice(0, 20)}`;
}

export function matchesQuery(incident: Incident, query: AlertQuery): boolean {
  if (query.level && query.level.length > 0 && !query.level.includes(incident.level)) return false;
  if (query.trigger && query.trigger.length > 0 && !query.trigger.includes(incident.trigger)) return false;
  if (query.status && query.status.length > 0 && !query.status.includes(incident.status)) return false;
  if (query.service !== undefined && !incident.services.includes(query.service)) return false;
  return true;
}
