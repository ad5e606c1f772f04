/**
 * Guarded automatic promotion and rollback (core/inference/experiments/guards.ts, experiment.ts),
 * driven with explicit figures: verdicts, alerts, latencies and watched logs.
 */
import { describe, expect, it } from 'vitest';
import { AutoPromotion, type ModelInfo } from '../../core/contract';
import { ArmStats } from '../../core/inference/experiments/arm-stats';
import { ExperimentState } from '../../core/inference/experiments/experiment';
import { evaluatePromotion } from '../../core/inference/experiments/guards';

const model = (id: string): ModelInfo => ({
  id,
  version: '1',
  file: `${id}.onnx`,
  sha256: 'a'.repeat(64),
  heads: [],
});
const AUTO = AutoPromotion.parse({ enabled: true });

/** An arm with `verdicts` verdicts of which `noise` are noise, `logs` logs, `alerts` alerts and batch latencies of `ms`. */
function arm(
  ref: string,
  f: { verdicts: number; noise: number; logs?: number; alerts?: number; ms?: number },
): ArmStats {
  const a = new ArmStats(ref, model(ref), 50);
  for (let i = 0; i < f.verdicts; i++) a.countVerdict(i < f.noise ? 'noise' : 'useful', 1);
  for (let i = 0; i < (f.logs ?? 1000); i++)
    a.recordDecision({ severity: 'info', category: 'normal', scores: { severity: {}, category: {} } });
  for (let i = 0; i < (f.alerts ?? 10); i++) a.recordAlert('high');
  for (let i = 0; i < 100; i++) a.recordRun(64, f.ms ?? 2);
  return a;
}

describe('automatic promotion guards', () => {
  it('holds until each arm has the minimum number of verdicts', () => {
    const control = arm('a', { verdicts: 200, noise: 80 });
    const result = evaluatePromotion(control, [arm('b', { verdicts: 199, noise: 20 })], AUTO);
    expect(result.promote).toBeNull();
    expect(result.reasons[0]).toMatch(/b: 199 verdicts against the control's 200; each arm needs 200/);
  });

  it('promotes a candidate whose noise rate is significantly lower, with the figures', () => {
    const control = arm('a', { verdicts: 200, noise: 80 }); // 40 % noise
    const result = evaluatePromotion(control, [arm('b', { verdicts: 200, noise: 50 })], AUTO); // 25 %
    expect(result.promote).toBe('b');
    // pooled 0.325, SE √(0.325·0.675·(2/200)) = 0.046837, z = −0.15 / 0.046837 = −3.2026
    expect(result.figures.z).toBeCloseTo(-3.203, 3);
    expect(result.figures.pValue as number).toBeLessThan(0.001);
    expect(result.figures.candidateNoiseRate).toBe(0.25);
  });

  it('holds when the difference is not significant at the chosen level', () => {
    const control = arm('a', { verdicts: 200, noise: 60 }); // 30 %
    const b = arm('b', { verdicts: 200, noise: 50 }); // 25 %: z = −1.12, p = 0.13
    expect(evaluatePromotion(control, [b], AUTO).promote).toBeNull();
    expect(evaluatePromotion(control, [b], AUTO).reasons[0]).toMatch(/not lower at 0.05 \(z -1.1/);
    // At a significance of 0.2 the same figures promote.
    expect(evaluatePromotion(control, [b], { ...AUTO, significance: 0.2 }).promote).toBe('b');
  });

  it('holds a worse candidate (a one-sided test)', () => {
    const control = arm('a', { verdicts: 300, noise: 30 });
    expect(evaluatePromotion(control, [arm('b', { verdicts: 300, noise: 120 })], AUTO).promote).toBeNull();
  });

  it('holds a better candidate whose latency p99 or alert rate breaks its bound', () => {
    const control = arm('a', { verdicts: 200, noise: 80, ms: 2, alerts: 10 });
    const slow = arm('b', { verdicts: 200, noise: 40, ms: 5 });
    const r1 = evaluatePromotion(control, [slow], AUTO);
    expect(r1.promote).toBeNull();
    expect(r1.reasons[0]).toMatch(/latency p99 .* exceeds 2 × the control's/);
    const noisy = arm('b', { verdicts: 200, noise: 40, alerts: 16 });
    const r2 = evaluatePromotion(control, [noisy], AUTO);
    expect(r2.promote).toBeNull();
    expect(r2.reasons[0]).toMatch(/16 alerts per 1,000 logs exceeds 1.5 × the control's 10/);
    expect(
      evaluatePromotion(control, [arm('b', { verdicts: 200, noise: 40, alerts: 15 })], AUTO).promote,
    ).toBe('b');
  });

  it('among passing candidates the lowest noise rate wins', () => {
    const control = arm('a', { verdicts: 400, noise: 200 });
    const result = evaluatePromotion(
      control,
      [arm('b', { verdicts: 400, noise: 120 }), arm('c', { verdicts: 400, noise: 80 })],
      AUTO,
    );
    expect(result.promote).toBe('c');
    expect(result.reasons).toHaveLength(2);
  });
});

function experiment(auto = AUTO): ExperimentState {
  return new ExperimentState(
    'ex-1',
    {
      name: 'test',
      arms: [
        { ref: 'a', model: model('a') },
        { ref: 'b', model: model('b') },
      ],
      split: { by: 'percent', weights: [50, 50] },
      shadow: true,
      auto,
    },
    1_000,
    'alice',
  );
}

/** Fills the experiment's arms as `arm` does. */
function fill(ex: ExperimentState, noise: [number, number], errorLogs = 20): void {
  ex.arms.forEach((a, i) => {
    for (let v = 0; v < 200; v++) a.countVerdict(v < noise[i]! ? 'noise' : 'useful', 1);
    for (let l = 0; l < 1000; l++)
      a.recordDecision({
        severity: l < errorLogs ? 'error' : 'info',
        category: 'normal',
        scores: { severity: {}, category: {} },
      });
    for (let r = 0; r < 100; r++) a.recordRun(64, 2);
    for (let k = 0; k < 10; k++) a.recordAlert('medium');
  });
}

describe('experiment: automatic promotion, watch, rollback and the decision log', () => {
  it('promotes automatically when every guard holds, and logs the decision with its figures', () => {
    const ex = experiment();
    ex.evaluate(2_000);
    expect(ex.state).toBe('running');
    expect(ex.report().lastEvaluation?.outcome).toBe('hold');
    fill(ex, [80, 40]);
    ex.evaluate(3_000);
    expect(ex.state).toBe('promoted');
    const report = ex.report();
    expect(report.promoted).toBe('b');
    expect(report.watchUntil).toBe(3_000 + AUTO.watchMs);
    const promote = report.decisions.at(-1)!;
    expect(promote).toMatchObject({ action: 'promote', by: 'auto', who: 'vigil', arm: 'b' });
    expect(promote.figures).toMatchObject({
      controlNoiseRate: 0.4,
      candidateNoiseRate: 0.2,
      maxErrorRate: 0.07,
    });
    expect(report.decisions[0]).toMatchObject({ action: 'start', who: 'alice', at: 1_000 });
  });

  it('never promotes automatically when auto-promotion is off', () => {
    const ex = experiment(AutoPromotion.parse({ enabled: false }));
    fill(ex, [80, 40]);
    ex.evaluate(3_000);
    expect(ex.state).toBe('running');
  });

  it('rolls back automatically when the promoted model breaks its error bound in the watch', () => {
    const ex = experiment();
    fill(ex, [80, 40]); // control rates 2 % of logs error: the bound is 0.02 + max(0.05, 0.02) = 0.07
    ex.evaluate(3_000);
    ex.recordWatch(150, 150, 2, false);
    ex.evaluate(4_000);
    expect(ex.state).toBe('promoted'); // 150 of 200 logs watched: not judged yet
    ex.recordWatch(100, 100, 2, false);
    ex.evaluate(5_000);
    expect(ex.state).toBe('rolled-back');
    expect(ex.deciding).toBe(false);
    const rollback = ex.report().decisions.at(-1)!;
    expect(rollback).toMatchObject({ action: 'rollback', by: 'auto', arm: 'b' });
    expect(rollback.reason).toMatch(/error rate 1 exceeds its bound 0.07/);
    expect(rollback.figures).toMatchObject({ watchLogs: 250, errorRate: 1, maxErrorRate: 0.07 });
  });

  it('rolls back automatically when the promoted model breaks its latency bound', () => {
    const ex = experiment();
    fill(ex, [80, 40]);
    ex.evaluate(3_000);
    for (let i = 0; i < 10; i++) ex.recordWatch(30, 0, 50, false); // 50 ms against 2 × ~2 ms
    ex.evaluate(4_000);
    expect(ex.state).toBe('rolled-back');
    expect(ex.report().decisions.at(-1)!.reason).toMatch(/latency p99 .* exceeds its bound/);
  });

  it('confirms the promotion once the watch passes within bounds; a manual rollback still works', () => {
    const ex = experiment();
    fill(ex, [80, 40]);
    ex.evaluate(3_000);
    ex.recordWatch(500, 5, 2, false);
    ex.evaluate(3_000 + AUTO.watchMs - 1);
    expect(ex.state).toBe('promoted');
    ex.evaluate(3_000 + AUTO.watchMs);
    expect(ex.state).toBe('completed');
    expect(ex.deciding).toBe(true);
    expect(ex.report().decisions.at(-1)).toMatchObject({ action: 'confirm', arm: 'b' });
    ex.rollback(9_999_999, 'manual', 'bob', 'rolled back by hand');
    expect(ex.state).toBe('rolled-back');
    expect(ex.report().decisions.at(-1)).toMatchObject({ action: 'rollback', by: 'manual', who: 'bob' });
  });

  it('refuses actions the state does not allow', () => {
    const ex = experiment();
    expect(() => ex.rollback(2_000, 'manual', 'bob', 'x')).toThrow(/no promotion to roll back/);
    expect(() => ex.promote('zzz', 2_000, 'manual', 'bob', 'x')).toThrow(/no arm "zzz"/);
    ex.promote(undefined, 2_000, 'manual', 'bob', 'promoted by hand');
    expect(ex.report().promoted).toBe('b');
    expect(() => ex.promote('b', 2_001, 'manual', 'bob', 'x')).toThrow(/only a running experiment/);
    ex.stop(2_002, 'bob');
    expect(() => ex.stop(2_003, 'bob')).toThrow(/already stopped/);
    expect(ex.report().decisions.map((d) => d.action)).toEqual(['start', 'promote', 'stop']);
  });
});
