/**
 * Incident episodes (docs/incidents.md, "Episodes"): an incident whose alerts have all been quiet
 * for `endAfterQuietMs` has ended, in the spirit of Alertmanager's resolve_timeout. On the
 * housekeeping tick Vigil resolves it and every child alert that is not resolved yet (audited as
 * `vigil`, with the quiet time), whatever its status (open, acknowledged or snoozed: the trouble
 * stopped). The next firing of one of those alerts reopens the alert as a new occurrence (the alert
 * store's lifecycle) and opens a NEW incident, or joins another open one, instead of reviving the
 * stale incident. A resolved incident whose alert fires again sooner than that (resolved by hand
 * while the trouble goes on) reopens as before.
 *
 * Costs: one comparison per incident per tick; the ending itself runs once per episode.
 */
import type { Alert, Incident, IncidentTimelineEntry } from '../../contract';
import type { AlertStore } from '../alert-store';
import { appendAudit, describeDuration, SYSTEM_ACTOR } from '../audit';

/** Whether the incident has been quiet long enough to have ended (false when episodes are off). */
export function episodeOver(incident: Incident, now: number, endAfterQuietMs: number): boolean {
  return endAfterQuietMs > 0 && now - incident.lastSeen >= endAfterQuietMs;
}

/** What ending an incident needs from its store (IncidentStore implements it). */
export interface EpisodeHost {
  children(incident: Incident): Alert[];
  setStatus(incident: Incident, status: 'resolved', snoozedUntil: null): void;
  addEntry(incident: Incident, entry: IncidentTimelineEntry): void;
}

/** Resolves a quiet incident and its unresolved alerts, as Vigil. */
export function endEpisode(
  host: EpisodeHost,
  alerts: AlertStore,
  incident: Incident,
  now: number,
  endAfterQuietMs: number,
): void {
  const text = `the episode ended: no occurrence for ${describeDuration(endAfterQuietMs)}`;
  for (const child of host.children(incident)) {
    if (child.status === 'resolved') continue;
    child.status = 'resolved';
    child.snoozedUntil = null;
    appendAudit((child.audit ??= []), now, SYSTEM_ACTOR, 'resolve', text);
    alerts.markChanged(child);
  }
  host.setStatus(incident, 'resolved', null);
  appendAudit(incident.audit, now, SYSTEM_ACTOR, 'resolve', text);
  host.addEntry(incident, { at: now, kind: 'resolved', alertId: null, level: null, text });
}
