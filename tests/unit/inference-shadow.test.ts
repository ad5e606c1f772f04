import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Category, ModelInfo, Severity } from '../../core/contract';
import { ModelManager } from '../../core/inference/model-manager';
import { ShadowComparison } from '../../core/inference/shadow';
import type { Classification } from '../../core/inference/types';
import {
  SAMPLE_MASKED,
  readRealManifest,
  realModelEntry,
  removeDir,
  tempModelsDir,
  writeManifest,
} from './inference-fixtures';

function result(severity: Severity, category: Category): Classification {
  return { severity, category, scores: { severity: { [severity]: 1 }, category: { [category]: 1 } } };
}

const CANDIDATE: ModelInfo = {
  id: 'candidate',
  version: '1',
  file: 'c.onnx',
  sha256: 'f'.repeat(64),
  heads: [],
};

describe('shadow comparison counts', () => {
  it('counts agreement per head and disagreements as "active→candidate" pairs', () => {
    const shadow = new ShadowComparison(CANDIDATE);
    shadow.record(
      [
        result('error', 'security'),
        result('info', 'normal'),
        result('info', 'normal'),
        result('warning', 'network'),
      ],
      [
        result('error', 'security'),
        result('info', 'network'),
        result('warning', 'network'),
        result('warning', 'network'),
      ],
      2,
      5,
    );
    shadow.record([result('info', 'normal')], [result('error', 'normal')], 1, 3);
    const report = shadow.report();
    expect(report.compared).toBe(5);
    expect(report.agreement.severity).toBeCloseTo(3 / 5);
    expect(report.agreement.category).toBeCloseTo(3 / 5);
    expect(report.disagreements).toEqual({
      severity: { 'info→warning': 1, 'info→error': 1 },
      category: { 'normal→network': 2 },
    });
    // Percentiles are bucket upper bounds: not below the recorded value, at most 2^(1/8) above.
    const bucket = Math.pow(2, 1 / 8);
    expect(report.latencyMs.candidate.p99).toBeGreaterThanOrEqual(5);
    expect(report.latencyMs.candidate.p99).toBeLessThanOrEqual(5 * bucket);
    expect(report.latencyMs.active.p50).toBeGreaterThanOrEqual(1);
    expect(report.latencyMs.active.p50).toBeLessThanOrEqual(1 * bucket);
  });

  it('reports no agreement before any comparison', () => {
    const report = new ShadowComparison(CANDIDATE).report();
    expect(report.compared).toBe(0);
    expect(report.agreement).toEqual({ severity: 0, category: 0 });
  });

  it('refuses batches of different sizes', () => {
    expect(() => new ShadowComparison(CANDIDATE).record([result('info', 'normal')], [], 1, 1)).toThrow(
      /mismatch/,
    );
  });
});

describe('shadow candidate in the model manager', () => {
  let dir: string;
  let manager: ModelManager | null = null;
  beforeEach(() => {
    dir = tempModelsDir();
  });
  afterEach(async () => {
    await manager?.close();
    manager = null;
    removeDir(dir);
  });

  it('agrees fully with itself', async () => {
    const real = realModelEntry();
    const twin = { ...real, id: 'twin' };
    writeManifest(dir, { ...readRealManifest(), models: [real, twin] });
    manager = await ModelManager.start({ modelsDir: dir, watch: false });
    await manager.shadow('twin');
    await manager.classify(SAMPLE_MASKED);
    await manager.idle();
    const shadow = manager.status().shadow;
    expect(shadow?.compared).toBe(SAMPLE_MASKED.length);
    expect(shadow?.agreement).toEqual({ severity: 1, category: 1 });
    expect(shadow?.disagreements).toEqual({ severity: {}, category: {} });
  });

  it('counts the disagreements of a candidate whose normal and security columns are swapped', async () => {
    const real = realModelEntry();
    // Same graph, but the candidate's manifest names column "normal" security and vice versa.
    const swapped = {
      ...real,
      id: 'swapped',
      heads: real.heads.map((h) =>
        h.name === 'category'
          ? {
              ...h,
              labels: h.labels.map((l) => (l === 'normal' ? 'security' : l === 'security' ? 'normal' : l)),
            }
          : h,
      ),
    };
    writeManifest(dir, { ...readRealManifest(), models: [real, swapped] });
    manager = await ModelManager.start({ modelsDir: dir, watch: false });
    await manager.shadow('swapped');
    const texts = [...SAMPLE_MASKED, ...SAMPLE_MASKED];
    const { results } = await manager.classify(texts);
    await manager.idle();

    const expected: Record<string, number> = {};
    for (const r of results) {
      if (r.category === 'normal') expected['normal→security'] = (expected['normal→security'] ?? 0) + 1;
      if (r.category === 'security') expected['security→normal'] = (expected['security→normal'] ?? 0) + 1;
    }
    const shadow = manager.status().shadow;
    expect(Object.keys(expected).length).toBe(2); // the sample has both kinds of line
    expect(shadow?.compared).toBe(texts.length);
    expect(shadow?.disagreements.category).toEqual(expected);
    expect(shadow?.agreement.severity).toBe(1);
    const disagreeing = (expected['normal→security'] ?? 0) + (expected['security→normal'] ?? 0);
    expect(shadow?.agreement.category).toBeCloseTo((texts.length - disagreeing) / texts.length);
  });

  it('promotes the candidate to active, and discards it', async () => {
    const real = realModelEntry();
    writeManifest(dir, { ...readRealManifest(), models: [real, { ...real, id: 'twin' }] });
    manager = await ModelManager.start({ modelsDir: dir, watch: false });
    await manager.shadow('twin');
    let status = await manager.promote();
    expect(status.active?.id).toBe('twin');
    expect(status.shadow).toBeNull();
    expect((await manager.classify(['x'])).classifiedBy).toBe('model');

    await manager.shadow(real.id);
    status = await manager.discard();
    expect(status.shadow).toBeNull();
    expect(status.active?.id).toBe('twin');
  });

  it('reports an unknown candidate id without disturbing the active model', async () => {
    manager = await ModelManager.start({ modelsDir: dir, watch: false });
    const status = await manager.shadow('nope');
    expect(status.error).toMatch(/no model with id "nope"/);
    expect(status.active?.id).toBe(realModelEntry().id);
    expect(status.shadow).toBeNull();
  });
});
