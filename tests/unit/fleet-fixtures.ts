/**
 * A cluster's fleet with no analyzer heard of yet, as a fleet reader answers `fleet:status` before
 * any stats arrive (core/engine/roles/fleet-role.ts builds the same before its reader starts): for
 * the unit tests that need a valid cluster `FleetStatus` without a broker.
 */
import { FleetStatus, FleetTotals } from '../../core/contract';

type ClusterFleet = Exclude<FleetStatus, { role: 'standalone' }>;

export function emptyFleet(role: ClusterFleet['role'], since: number, cluster = 'team-a'): ClusterFleet {
  const fleet = FleetStatus.parse({
    role,
    cluster,
    topic: `vigil.${cluster}.stats`,
    since,
    analyzers: [],
    // Every total zero, whatever totals the contract has.
    totals: Object.fromEntries(FleetTotals.keyof().options.map((name) => [name, 0])),
    notes: ['no analyzer has published stats yet'],
    badRecords: 0,
    evicted: 0,
  });
  if (fleet.role === 'standalone') throw new Error('a cluster fleet parsed as standalone');
  return fleet;
}
