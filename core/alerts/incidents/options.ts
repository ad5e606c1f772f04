/**
 * Incident grouping settings (Settings `incidents`, docs/incidents.md) and the store's bounds.
 */
import { IncidentSettings, type IncidentGroupKey } from '../../contract';

export interface IncidentOptions {
  /** Keys that may group an alert with an open incident, tried in this order. */
  groupBy: IncidentGroupKey[];
  /** An incident takes new alerts while it had an occurrence within this window (group_interval). */
  windowMs: number;
  /** `together`: an alert that starts within this long of an incident's opening joins it. */
  togetherMs: number;
  /** An incident whose alerts have all been quiet this long ends; 0: never (episodes.ts). */
  endAfterQuietMs: number;
  /** Incidents kept; beyond it the oldest resolved ones go first. */
  maxIncidents: number;
  /** Child alerts of one incident; a full incident takes no more (a new one opens). */
  maxAlertsPerIncident: number;
  /** Timeline entries kept per incident (the opening and the latest). */
  maxTimeline: number;
  /** Minutes of per-minute counts kept. */
  perMinuteMinutes: number;
  /** Services and hosts listed per incident. */
  maxNames: number;
  /** Longest time an incident's counts (lastSeen, perMinute) may go unsaved while it is busy. */
  fullPersistEveryMs: number;
}

const DEFAULT_SETTINGS = IncidentSettings.parse({});

export const DEFAULT_INCIDENT_OPTIONS: IncidentOptions = {
  groupBy: DEFAULT_SETTINGS.groupBy,
  windowMs: DEFAULT_SETTINGS.windowMs,
  togetherMs: DEFAULT_SETTINGS.togetherMs,
  endAfterQuietMs: DEFAULT_SETTINGS.endAfterQuietMs,
  maxIncidents: 1000,
  maxAlertsPerIncident: 200,
  maxTimeline: 200,
  perMinuteMinutes: 120,
  maxNames: 20,
  fullPersistEveryMs: 30_000,
};
