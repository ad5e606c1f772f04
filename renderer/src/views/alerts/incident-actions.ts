/**
 * Actions on incidents, through the contract: act, then read the incident and its alerts back, so the
 * list shows every child alert's new status at once instead of at the next poll or event.
 */
import { upsertAlerts, useAlertsStore } from '../../stores/alerts';
import { upsertIncidents, useIncidentsStore } from '../../stores/incidents';
import { runCommand } from '../../transport/session';
import type { ActRequest } from './ActionBar';

export async function refreshIncident(id: string): Promise<boolean> {
  const got = await runCommand('incidents:get', { id });
  if (got === null) return false;
  useIncidentsStore.setState((state) => upsertIncidents(state, [got.incident]));
  useAlertsStore.setState((state) => upsertAlerts(state, got.alerts));
  return true;
}

export async function actOnIncident(id: string, request: ActRequest): Promise<boolean> {
  const done = await runCommand('incidents:act', { id, ...request });
  if (done === null) return false;
  await refreshIncident(id);
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
