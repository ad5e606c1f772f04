/**
 * Issue 19: the Alerts view in a cluster role lists the cluster's alerts (incidents are
 * standalone-only for now); standalone keeps the mode the user chose.
 */
import { describe, expect, it } from 'vitest';
import { CLUSTER_INCIDENTS_NOTE, shownAlertsMode } from '../../renderer/src/lib/cluster-alerts-mode';

describe('the Alerts view mode in a cluster role', () => {
  it('keeps the chosen mode standalone', () => {
    expect(shownAlertsMode('incidents', null)).toBe('incidents');
    expect(shownAlertsMode('alerts', null)).toBe('alerts');
  });

  it('shows every alert on a console or an analyzer, and says why', () => {
    expect(shownAlertsMode('incidents', 'console')).toBe('alerts');
    expect(shownAlertsMode('incidents', 'analyzer')).toBe('alerts');
    expect(shownAlertsMode('alerts', 'console')).toBe('alerts');
    expect(CLUSTER_INCIDENTS_NOTE).toMatch(/standalone-only/);
  });
});
