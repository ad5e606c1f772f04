/**
 * Issue 19: the alert and incident commands an engine answers in a cluster role (docs/scaling.md).
 * Alerts are the cluster's; verdicts (A/B model testing) and incidents stay standalone-only for now,
 * and say so rather than answer with the engine's partial local state.
 */
import type { Alert, AlertAction, VerdictRequest } from '../../contract';
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

export function noClusterIncidents(role: RoleRuntime): EngineError {
  return new EngineError(
    'unavailable',
    `incidents are standalone-only for now: this engine is a ${role.role} of ${role.cluster} (its alerts are the cluster's)`,
  );
}
