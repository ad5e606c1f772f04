/**
 * Issue 19: the alert and incident commands an engine answers in a cluster role (docs/scaling.md).
 * Alerts are the cluster's; incidents are the view over them (cluster-incidents.ts), and an action
 * on an incident is the same action sent for each of its alerts through the actions topic, so every
 * console and analyzer sees it. Verdicts (A/B model testing) stay standalone-only and say so.
 */
import type { Alert, AlertAction, AlertQuery, Incident, VerdictRequest } from '../../contract';
import { EngineError } from '../errors';
import type { RoleRuntime } from './role-runtime';

export function roleAct(
  role: RoleRuntime,
  action: AlertAction | VerdictRequest,
  now: number,
): Promise<Alert> {
  if ('verdict' in action)
    return Promise.reject(
      new EngineError(
        'unavailable',
        `verdicts are standalone-only: this engine is a ${role.role} of ${role.cluster}`,
      ),
    );
  return role.alerts.act(action, now);
}

/** A role without an incident view (a test double) says so rather than answer with local state. */
export function noClusterIncidents(role: RoleRuntime): EngineError {
  return new EngineError(
    'unavailable',
    `this ${role.role} of ${role.cluster} keeps no incidents (its alerts are the cluster's)`,
  );
}

export function roleIncidents(role: RoleRuntime, query: AlertQuery): Incident[] {
  return role.incidents?.list(query) ?? [];
}

export function roleIncidentDetail(
  role: RoleRuntime,
  id: string,
): Promise<{ incident: Incident; alerts: Alert[] }> {
  const incidents = role.incidents;
  if (incidents === undefined) return Promise.reject(noClusterIncidents(role));
  return new Promise((resolve) => resolve(incidents.detail(id)));
}

/**
 * ack, snooze and resolve: sent for each alert of the incident that is not resolved (a note: for
 * each of its alerts, so it shows on the incident's trail), all with the same who and when, through
 * `ClusterAlerts.act` (checked, published, answered once the owning analyzers applied it); answered
 * with the incident as its alerts then stand.
 */
export async function roleActOnIncident(
  role: RoleRuntime,
  action: AlertAction,
  now: number,
): Promise<{ incident: Incident; alerts: Alert[] }> {
  const incidents = role.incidents;
  if (incidents === undefined) throw noClusterIncidents(role);
  const { incident, alerts } = incidents.detail(action.id);
  if (action.action !== 'resolve' && action.action !== 'note' && incident.status === 'resolved') {
    const verb = action.action === 'ack' ? 'acknowledged' : 'snoozed';
    throw new EngineError('conflict', `incident ${action.id} is resolved; it cannot be ${verb}`);
  }
  const targets = action.action === 'note' ? alerts : alerts.filter((a) => a.status !== 'resolved');
  const outcomes = await Promise.allSettled(
    targets.map((a) => role.alerts.act({ ...action, id: a.id }, now)),
  );
  const failed = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (targets.length > 0 && failed.length === targets.length) throw failed[0]!.reason;
  if (action.action !== 'note') incidents.withdraw(incident.id);
  incidents.markStale();
  incidents.refresh();
  // The grouping is a pure function of the alerts: the incident keeps its id unless its alerts moved.
  const current = incidents.incidentOf(alerts[0]?.id ?? '')?.id ?? incident.id;
  return incidents.detail(current);
}
