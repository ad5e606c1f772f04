/**
 * Issue 19: in a cluster role (analyzer or console) the Alerts view's Incidents switch works as
 * standalone: the engine groups the cluster's shared alerts into incidents, the same on every
 * console (docs/scaling.md). The switch says so in its tooltip; standalone needs no word.
 */
export const CLUSTER_INCIDENTS_NOTE =
  'Incidents grouped from the cluster’s shared alerts: the same on every console of the cluster';

/** The Incidents switch's tooltip for an engine in this role (null: standalone). */
export function incidentsModeTitle(clusterRole: string | null): string | undefined {
  return clusterRole === null ? undefined : CLUSTER_INCIDENTS_NOTE;
}
