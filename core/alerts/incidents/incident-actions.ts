/**
 * An engineer's action on a whole incident: ack, snooze and resolve apply to the incident and to
 * every child alert that is not resolved (each child's audit trail records it too); a note stays
 * on the incident's trail and timeline. `who` is decided by the engine (core/alerts/actor.ts).
 */
import type { AlertAction, Incident } from '../../contract';
import type { AlertStore } from '../alert-store';
import { AlertActionError } from '../alert-actions';
import { appendAudit, describeDuration } from '../audit';
import type { IncidentStore } from './incident-store';

export function actOnIncident(
  incidents: IncidentStore,
  alerts: AlertStore,
  action: AlertAction,
  now: number,
  who: string,
): Incident {
  const incident = incidents.get(action.id);
  if (incident === undefined) throw new AlertActionError('not_found', `no incident with id ${action.id}`);
  if (action.action === 'note') {
    appendAudit(incident.audit, now, who, 'note', action.text);
    incidents.addEntry(incident, {
      at: now,
      kind: 'note',
      alertId: null,
      level: null,
      text: `${who}: ${action.text}`,
    });
    return incident;
  }
  if (action.action !== 'resolve' && incident.status === 'resolved') {
    const verb = action.action === 'ack' ? 'acknowledged' : 'snoozed';
    throw new AlertActionError('invalid_state', `incident ${action.id} is resolved; it cannot be ${verb}`);
  }
  for (const child of incidents.children(incident)) {
    if (child.status !== 'resolved') alerts.act({ ...action, id: child.id }, now, who);
  }
  const detail = action.action === 'snooze' ? `for ${describeDuration(action.durationMs)}` : null;
  appendAudit(incident.audit, now, who, action.action, detail);
  const status =
    action.action === 'ack' ? 'acknowledged' : action.action === 'snooze' ? 'snoozed' : 'resolved';
  incidents.setStatus(incident, status, action.action === 'snooze' ? now + action.durationMs : null);
  const text = detail === null ? `by ${who}` : `by ${who} ${detail}`;
  incidents.addEntry(incident, { at: now, kind: status, alertId: null, level: null, text });
  return incident;
}
