/**
 * Issue 19: incidents are standalone-only for now (docs/scaling.md). An engine in a cluster role
 * (analyzer or console) lists its cluster's alerts and no incidents, so the Alerts view shows every
 * alert there, whatever mode was chosen before, and says why its Incidents switch is off.
 */
export type ShownAlertsMode = 'incidents' | 'alerts';

export const CLUSTER_INCIDENTS_NOTE =
  'Incidents are standalone-only for now: this engine shows its cluster’s alerts';

export function shownAlertsMode(chosen: ShownAlertsMode, clusterRole: string | null): ShownAlertsMode {
  return clusterRole === null ? chosen : 'alerts';
}
