/**
 * Actions on incidents, through the contract. `incidents:act` answers with the incident and its
 * alerts as they are after the action, so the list shows every child alert's new status at once
 * instead of at the next event batch.
 */
import type { Alert, Incident, IncidentDetail } from '../../../../core/contract';
import { upsertAlerts, useAlertsStore } from '../../stores/alerts';
import { upsertIncidents, useIncidentsStore } from '../../stores/incidents';
import { runCommand } from '../../transport/session';

/** An action as the detail pane's buttons ask for it (the id is added by who runs it). */
export type ActRequest =
  | { action: 'ack' }
  | { action: 'resolve' }
  | { action: 'snooze'; durationMs: number }
  | { action: 'note'; text: string };

function adopt(detail: IncidentDetail): void {
  useIncidentsStore.setState((state) => upsertIncidents(state, [detail.incident]));
  useAlertsStore.setState((state) => upsertAlerts(state, detail.alerts));
}

export async function actOnIncident(id: string, request: ActRequest): Promise<boolean> {
  const detail = await runCommand('incidents:act', { id, ...request });
  if (detail === null) return false;
  adopt(detail);
  return true;
}

/**
 * Acknowledges or resolves each checked incident, one after another (the engine answers each in
 * turn anyway, and a long selection must not flood it). Returns the ids it could not act on, which
 * stay checked; every failure was shown by `runCommand`.
 */
export async function actOnIncidents(ids: readonly string[], action: 'ack' | 'resolve'): Promise<string[]> {
  const failed: string[] = [];
  for (const id of ids) if (!(await actOnIncident(id, { action }))) failed.push(id);
  return failed;
}

/**
 * The engineer's verdict on an incident ("useful" or "noise", A/B model testing) is a verdict on each
 * of its alerts: verdicts are stored per alert with the experiment arm that raised it, so an incident
 * whose alerts came from two arms counts for both. One alert after another; returns the updated
 * alerts (failures were shown by `runCommand`).
 */
export async function verdictOnIncident(incident: Incident, verdict: 'useful' | 'noise'): Promise<Alert[]> {
  const updated: Alert[] = [];
  for (const id of incident.alertIds) {
    const alert = await runCommand('alerts:verdict', { id, verdict });
    if (alert !== null) updated.push(alert);
  }
  useAlertsStore.setState((state) => upsertAlerts(state, updated));
  return updated;
}
