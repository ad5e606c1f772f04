export type { ClusterAlerts, RoleRuntime } from './role-runtime';
export { startRole, type RoleContext } from './start-role';
export { startAnalyzerRole, type AnalyzerRoleParts } from './analyzer-role';
export { startConsoleRole, type ConsoleRoleParts } from './console-role';
export {
  noClusterIncidents,
  roleAct,
  roleActOnIncident,
  roleIncidentDetail,
  roleIncidents,
} from './role-commands';
export { ClusterIncidents } from './cluster-incidents';
export { groupIncidents } from './incident-grouping';
export { startFleet, type FleetParts, type RoleFleet } from './fleet-role';
