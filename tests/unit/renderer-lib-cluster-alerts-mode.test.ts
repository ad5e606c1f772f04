/**
 * Issue 19: the Alerts view's Incidents switch works in a cluster role (the incidents are grouped
 * from the cluster's shared alerts) and its tooltip says so; standalone has no tooltip.
 */
import { describe, expect, it } from 'vitest';
import { CLUSTER_INCIDENTS_NOTE, incidentsModeTitle } from '../../renderer/src/lib/cluster-alerts-mode';

describe('the Alerts view’s Incidents switch in a cluster role', () => {
  it('says nothing standalone', () => {
    expect(incidentsModeTitle(null)).toBeUndefined();
  });

  it('says where a console’s or an analyzer’s incidents come from', () => {
    expect(incidentsModeTitle('console')).toBe(CLUSTER_INCIDENTS_NOTE);
    expect(incidentsModeTitle('analyzer')).toBe(CLUSTER_INCIDENTS_NOTE);
    expect(CLUSTER_INCIDENTS_NOTE).toMatch(/shared alerts/);
    expect(CLUSTER_INCIDENTS_NOTE).not.toMatch(/standalone-only/);
  });
});
