/**
 * Incidents: related alerts grouped into one thing to act on, with their timeline and activity per
 * minute (docs/incidents.md). Re-exported by data.ts.
 */
import { z } from 'zod';
import { AuditEntry } from './alert';
import { AlertLevel, AlertStatus, AlertTrigger } from './vocabulary';

// --- i16a: incidents ---
export const INCIDENT_TIMELINE_KINDS = [
  'opened',
  'joined',
  'escalated',
  'acknowledged',
  'snoozed',
  'resolved',
  'reopened',
  'note',
] as const;
export const IncidentTimelineKind = z.enum(INCIDENT_TIMELINE_KINDS);
export type IncidentTimelineKind = z.infer<typeof IncidentTimelineKind>;

export const IncidentTimelineEntry = z.object({
  at: z.number(),
  kind: IncidentTimelineKind,
  /** The alert that joined, escalated or reopened the incident; null for actions on the incident. */
  alertId: z.string().nullable(),
  level: AlertLevel.nullable(),
  text: z.string().nullable(),
});
export type IncidentTimelineEntry = z.infer<typeof IncidentTimelineEntry>;

/** Occurrences of the incident's alerts in one minute (`minute` = epoch ms / 60 000, floored). */
export const IncidentMinute = z.object({ minute: z.number().int(), count: z.number().int() });
export type IncidentMinute = z.infer<typeof IncidentMinute>;

/** Related alerts grouped into one thing to act on (docs/incidents.md: the grouping rules). */
export const Incident = z.object({
  id: z.string(),
  /** The leading alert's title, with how many more alerts joined it. */
  title: z.string(),
  /** The highest level of its alerts. */
  level: AlertLevel,
  /** The leading (highest level, then earliest) alert's trigger. */
  trigger: AlertTrigger,
  status: AlertStatus,
  snoozedUntil: z.number().nullable(),
  firstSeen: z.number(),
  lastSeen: z.number(),
  /** 1 at opening, +1 each time a child fires again after the incident was resolved. */
  occurrence: z.number().int().positive(),
  reopenedAt: z.number().nullable(),
  services: z.array(z.string()),
  hosts: z.array(z.string()),
  alertIds: z.array(z.string()),
  alertCount: z.number().int(),
  /** Opened, joins, escalations, actions, reopens and notes, oldest first, bounded. */
  timeline: z.array(IncidentTimelineEntry),
  /** Occurrences per minute over the last two hours of activity, oldest first. */
  perMinute: z.array(IncidentMinute),
  audit: z.array(AuditEntry),
  /** What grouped the alerts, e.g. `service=hdfs` or `address=10.0.0.7`. */
  groupKey: z.string(),
});
export type Incident = z.infer<typeof Incident>;
// --- end i16a ---
