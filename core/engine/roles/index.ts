export type { ClusterAlerts, RoleRuntime } from './role-runtime';
export { startRole, type RoleContext } from './start-role';
export { startAnalyzerRole, type AnalyzerRoleParts } from './analyzer-role';
export { startConsoleRole, type ConsoleRoleParts } from './console-role';
export { noClusterIncidents, roleAct } from './role-commands';
