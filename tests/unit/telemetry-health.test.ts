import { describe, expect, it } from 'vitest';
import { evaluateHealth, type HealthInputs } from '../../core/telemetry/health';

const fine: HealthInputs = {
  source: { state: 'running', reason: null },
  lagGrowing: false,
  consumerLag: 0,
  errorRate: 0,
  latencyP99Ms: 3,
  modelUnavailable: null,
  history: { degraded: false, reason: null },
};

describe('evaluateHealth', () => {
  it('is healthy with no findings', () => {
    expect(evaluateHealth(fine)).toEqual({ status: 'healthy', reasons: [] });
    expect(evaluateHealth({ ...fine, history: null })).toEqual({ status: 'healthy', reasons: [] });
  });

  it('says stopped when no source runs, whatever else holds, and keeps the other findings', () => {
    expect(evaluateHealth({ ...fine, source: null, history: null })).toEqual({
      status: 'stopped',
      reasons: ['engine stopped: no logs are being analyzed'],
    });
    const h = evaluateHealth({ ...fine, source: null, modelUnavailable: 'model file missing' });
    expect(h.status).toBe('stopped');
    expect(h.reasons).toHaveLength(2);
    expect(evaluateHealth({ ...fine, source: null, errorRate: 0.9 }).status).toBe('stopped');
  });

  it('is unhealthy when the broker is unreachable, with the reason', () => {
    const h = evaluateHealth({
      ...fine,
      source: { state: 'reconnecting', reason: 'broker 127.0.0.1:9092 unreachable' },
    });
    expect(h.status).toBe('unhealthy');
    expect(h.reasons).toEqual([
      'log source reconnecting, no logs are analyzed: broker 127.0.0.1:9092 unreachable',
    ]);
    expect(
      evaluateHealth({ ...fine, source: { state: 'failed', reason: 'SASL authentication failed' } }).status,
    ).toBe('unhealthy');
    expect(evaluateHealth({ ...fine, source: { state: 'connecting', reason: null } }).status).toBe(
      'degraded',
    );
  });

  it('is degraded for each of lag growth, errors above 1 %, slow p99, no model, unsaved alerts', () => {
    const cases: [Partial<HealthInputs>, RegExp][] = [
      [{ lagGrowing: true, consumerLag: 12_345 }, /consumer lag growing \(12345 messages behind\)/],
      [{ errorRate: 0.02 }, /2\.0 % of logs fail analysis/],
      [{ latencyP99Ms: 400 }, /p99 400\.0 ms is above the 250 ms target/],
      [
        { modelUnavailable: 'models/manifest.json missing' },
        /model unavailable \(models\/manifest.json missing\)/,
      ],
      [
        { history: { degraded: true, reason: 'ENOSPC: no space left on device' } },
        /not being saved to disk \(ENOSPC/,
      ],
    ];
    for (const [change, reason] of cases) {
      const h = evaluateHealth({ ...fine, ...change });
      expect(h.status).toBe('degraded');
      expect(h.reasons).toHaveLength(1);
      expect(h.reasons[0]).toMatch(reason);
    }
  });

  it('does not flag an error rate at exactly 1 % or latency at the target', () => {
    expect(evaluateHealth({ ...fine, errorRate: 0.01, latencyP99Ms: 250 }).status).toBe('healthy');
  });

  it('takes the worst status and lists every reason', () => {
    const h = evaluateHealth(
      { ...fine, errorRate: 0.6, latencyP99Ms: 900, modelUnavailable: 'onnx load failed' },
      { latencyP99TargetMs: 500 },
    );
    expect(h.status).toBe('unhealthy');
    expect(h.reasons).toHaveLength(3);
    expect(h.reasons[1]).toContain('above the 500 ms target');
  });
});
