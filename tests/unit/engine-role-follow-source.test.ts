/**
 * Issue 19: a console's source (core/engine/roles/follow-source.ts) reads no logs; it runs while the
 * role runs and says when the cluster's alerts cannot be followed, so health never shows stale
 * alerts as current.
 */
import { describe, expect, it } from 'vitest';
import { FollowSource } from '../../core/engine/roles/follow-source';
import { evaluateHealth } from '../../core/telemetry';

describe("a console's follow source", () => {
  it('runs between start and stop and delivers nothing', async () => {
    const source = new FollowSource();
    expect(source.status().state).toBe('stopped');
    let delivered = 0;
    await source.start(() => {
      delivered++;
      return Promise.resolve();
    });
    expect(source.status()).toEqual({ state: 'running', reason: null, lag: [] });
    await source.stop();
    expect([source.status().state, delivered]).toEqual(['stopped', 0]);
  });

  it("reports the view's trouble, and health carries it", async () => {
    let problem: string | null = 'reading vigil.team-a.alerts failed, retrying: Connection error';
    const source = new FollowSource(() => problem);
    await source.start(() => Promise.resolve());
    const status = source.status();
    expect(status.state).toBe('reconnecting');
    const health = evaluateHealth({
      source: status,
      lagGrowing: false,
      consumerLag: 0,
      errorRate: 0,
      latencyP99Ms: 0,
      modelUnavailable: null,
      history: null,
    });
    expect(health.status).toBe('unhealthy');
    expect(health.reasons.join(' ')).toContain('vigil.team-a.alerts');
    problem = null;
    expect(source.status().state).toBe('running');
  });
});
