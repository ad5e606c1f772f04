/**
 * What the one notification policy (core/alerts/notification-policy.ts) is offered for an incident:
 * an Alert-shaped notice keyed by the incident, so its group wait, escalation and rate cap apply
 * per incident. Offered when the incident opens, escalates or reopens; never for a joining alert.
 */
import type { Alert, Incident } from '../../contract';
import { copyAlert } from '../alert-actions';

/** The policy's key for an incident's notices. */
export function noticeKey(incident: Incident): string {
  return `incident|${incident.id}`;
}

/** The leading alert, relabelled with the incident's level, status and size. */
export function incidentNotice(incident: Incident, leader: Alert): Alert {
  const more = incident.alertCount - 1;
  return {
    ...copyAlert(leader),
    fingerprint: noticeKey(incident),
    level: incident.level,
    title: more > 0 ? `${incident.title} (+${more} related alert${more === 1 ? '' : 's'})` : incident.title,
    status: incident.status,
    snoozedUntil: incident.snoozedUntil,
    incidentId: incident.id,
  };
}
