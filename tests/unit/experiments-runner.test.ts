/**
 * The experiment runner: which arm decides each log, shadow scoring and agreement, a failing arm,
 * automatic rollback through classify, and the registry over real model folders.
 */
import * as fs from 'fs';
import * as path from 'path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogRecord } from '../../core/contract';
import { ModelRegistry } from '../../core/inference/experiments/registry';
import { ExperimentRunner, type ArmClassifier } from '../../core/inference/experiments/runner';
import type { ManifestModel } from '../../core/inference/manifest';
import type { Classification } from '../../core/inference/types';
import {
  REPO_MODELS_DIR,
  addModelFile,
  editedModelBytes,
  readRealManifest,
  realModelEntry,
  removeDir,
  tempModelsDir,
  writeManifest,
} from './inference-fixtures';

const c = (severity: Classification['severity']): Classification => ({
  severity,
  category: 'normal',
  scores: { severity: {}, category: {} },
});

/** Fake arms: by file name. `ok` rates texts with "fail" as errors; `strict` also "warn"; `broken` all errors; `throws` fails. */
function fakeLoad(calls: Record<string, number>) {
  return (_dir: string, entry: ManifestModel): Promise<ArmClassifier> =>
    Promise.resolve({
      kind: 'model' as const,
      classify(texts: readonly string[]) {
        calls[entry.id] = (calls[entry.id] ?? 0) + texts.length;
        if (entry.id === 'throws') return Promise.reject(new Error('boom'));
        return Promise.resolve(
          texts.map((t) =>
            entry.id === 'broken'
              ? c('error')
              : t.includes('fail') || (entry.id === 'strict' && t.includes('warn'))
                ? c('error')
                : c('info'),
          ),
        );
      },
      release: () => Promise.resolve(),
    });
}

let dir: string;
beforeEach(() => {
  dir = tempModelsDir();
  const real = realModelEntry();
  const extra = ['ok', 'strict', 'broken', 'throws'].map((id) => ({ ...real, id }));
  writeManifest(dir, { schemaVersion: 1, active: real.id, models: [real, ...extra] });
});
afterEach(() => removeDir(dir));

const record = (service: string | null): LogRecord => ({ service, host: null }) as unknown as LogRecord;

function runner(calls: Record<string, number> = {}, now = () => 1_000) {
  return new ExperimentRunner({ registry: new ModelRegistry(dir), load: fakeLoad(calls), now });
}

const TEXTS = Array.from({ length: 1000 }, (_, i) =>
  i % 3 === 0 ? `warn disk <*> ${i % 50}` : `fail job ${i % 40}`,
);

describe('experiment runner', () => {
  it('splits logs between the arms, scores every message with every arm in shadow, and measures agreement', async () => {
    const calls: Record<string, number> = {};
    const r = runner(calls);
    const ex = await r.create(
      { arms: ['ok', 'strict'], split: { by: 'percent', weights: [50, 50] } },
      'alice',
    );
    expect(ex.state).toBe('running');
    const out = await r.classify(
      TEXTS,
      TEXTS.map(() => null),
    );
    const share = out.arms.filter((a) => a === 'ok').length / TEXTS.length;
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.6);
    // Each arm decided its own logs with its own answers.
    out.arms.forEach((arm, i) => {
      const expected = TEXTS[i]!.includes('fail') || (arm === 'strict' && TEXTS[i]!.includes('warn'));
      expect(out.classes[i]!.severity).toBe(expected ? 'error' : 'info');
    });
    const distinct = new Set(TEXTS).size; // 50 warn + 40 fail texts
    expect(calls).toEqual({ ok: distinct, strict: distinct });
    const report = r.get(ex.id);
    expect(report.arms[1]!.compared).toBe(distinct);
    // They disagree on severity exactly for the "warn" texts.
    const warn = [...new Set(TEXTS)].filter((t) => t.includes('warn')).length;
    expect(report.arms[1]!.agreement!.severity).toBeCloseTo((distinct - warn) / distinct, 10);
    expect(report.arms[0]!.logs + report.arms[1]!.logs).toBe(TEXTS.length);
    // Cached: the same batch again reaches no model.
    await r.classify(
      TEXTS,
      TEXTS.map(() => null),
    );
    expect(calls).toEqual({ ok: distinct, strict: distinct });
  });

  it('without shadow, each arm scores only its own logs', async () => {
    const calls: Record<string, number> = {};
    const r = runner(calls);
    await r.create({ arms: ['ok', 'strict'], split: { by: 'service' }, shadow: false }, 'alice');
    const keys = TEXTS.map((_, i) => r.keyOf(record(`svc-${i % 7}`), 't'));
    const out = await r.classify(TEXTS, keys);
    // One service, one arm.
    const armOfService = new Map<string, string>();
    out.arms.forEach((arm, i) => {
      const key = keys[i]!;
      expect(armOfService.get(key) ?? arm).toBe(arm);
      armOfService.set(key, arm);
    });
    expect((calls.ok ?? 0) + (calls.strict ?? 0)).toBeLessThanOrEqual(2 * new Set(TEXTS).size);
    expect(r.get(r.list()[0]!.id).arms[1]!.compared).toBe(0);
  });

  it('a failing arm is counted and its logs are decided by the control', async () => {
    const r = runner();
    const ex = await r.create(
      { arms: ['ok', 'throws'], split: { by: 'percent', weights: [0, 100] } },
      'alice',
    );
    const out = await r.classify(
      TEXTS,
      TEXTS.map(() => null),
    );
    expect(new Set(out.arms)).toEqual(new Set(['ok']));
    const report = r.get(ex.id);
    expect(report.arms[1]!.failures).toBe(1);
    expect(report.arms[0]!.logs).toBe(TEXTS.length);
  });

  it('rolls a broken promoted candidate back on the next tick, and the active model decides again', async () => {
    let now = 1_000;
    const r = runner({}, () => now);
    const ex = await r.create(
      { arms: ['ok', 'broken'], split: { by: 'percent' }, auto: { enabled: true, minWatchLogs: 500 } },
      'alice',
    );
    await r.classify(
      TEXTS,
      TEXTS.map(() => null),
    ); // the control's error share: 2/3 of logs ("fail")
    r.act({ id: ex.id, action: 'promote', arm: 'broken' }, 'bob');
    now += 1_000;
    const out = await r.classify(
      TEXTS,
      TEXTS.map(() => null),
    );
    expect(new Set(out.arms)).toEqual(new Set(['broken']));
    expect(r.deciding).toBe(true);
    r.tick();
    const report = r.get(ex.id);
    expect(report.state).toBe('rolled-back');
    expect(report.decisions.at(-1)).toMatchObject({ action: 'rollback', by: 'auto', arm: 'broken' });
    expect(report.decisions.at(-1)!.reason).toMatch(/error rate 1 exceeds its bound/);
    expect(r.deciding).toBe(false);
    await expect(r.classify(['x'], [null])).rejects.toThrow(/no experiment is deciding/);
  });

  it('refuses unknown models, a second deciding experiment, duplicate arms and mismatched weights', async () => {
    const r = runner();
    await expect(r.create({ arms: ['ok', 'nope'], split: {} }, 'a')).rejects.toThrow(
      /no model "nope" \(known: /,
    );
    await expect(r.create({ arms: ['ok', 'ok'], split: {} }, 'a')).rejects.toThrow(
      /each model may appear once/,
    );
    await expect(r.create({ arms: ['ok', 'strict'], split: { weights: [100] } }, 'a')).rejects.toThrow(
      /1 weights for 2 arms/,
    );
    const ex = await r.create({ arms: ['ok', 'strict'], split: {} }, 'a');
    await expect(r.create({ arms: ['ok', 'strict'], split: {} }, 'a')).rejects.toThrow(
      /is running; stop it first/,
    );
    r.act({ id: ex.id, action: 'stop' }, 'a');
    expect(r.deciding).toBe(false);
    expect(r.get(ex.id).state).toBe('stopped');
    expect(() => r.get('ex-none')).toThrow(/no experiment/);
  });
});

describe('model registry', () => {
  it('lists the models folder and the user folder with version, sha256, labels, EVAL.md figures and verification', async () => {
    const models = tempModelsDir();
    const user = tempModelsDir();
    try {
      fs.copyFileSync(path.join(REPO_MODELS_DIR, 'EVAL.md'), path.join(models, 'EVAL.md'));
      const second = addModelFile(
        user,
        'v2.onnx',
        editedModelBytes((m) => (m.doc_string = `${m.doc_string} (v2)`)),
        { id: 'v2', version: '2.0.0' },
      );
      const corrupt = { ...second, id: 'corrupt', sha256: '0'.repeat(64) };
      writeManifest(user, { schemaVersion: 1, active: null, models: [second, corrupt] });
      const listing = await new ModelRegistry(models, user).list(realModelEntry().id);
      expect(listing.problems).toEqual([]);
      const byRef = new Map(listing.models.map((m) => [m.ref, m]));
      const shipped = byRef.get(realModelEntry().id)!;
      expect(shipped).toMatchObject({
        folder: 'models',
        verified: true,
        active: true,
        version: realModelEntry().version,
      });
      expect(shipped.labels.severity).toEqual(['error', 'warning', 'info']);
      // The shipped manifest gives no training date; the file's own date is reported beside it.
      expect(shipped.trainedAt).toBeNull();
      expect(shipped.fileModifiedAt).toBe(fs.statSync(path.join(models, realModelEntry().file)).mtimeMs);
      // The figures of the repository's EVAL.md summary table.
      const evalText = fs.readFileSync(path.join(REPO_MODELS_DIR, 'EVAL.md'), 'utf8');
      expect(shipped.eval.map((f) => f.head)).toEqual(['severity', 'category']);
      expect(evalText).toContain(
        `| severity | ${shipped.eval[0]!.systems} | ${shipped.eval[0]!.model.toFixed(3)} |`,
      );
      expect(shipped.evaluation).toEqual(readRealManifest().models[0]!.evaluation);
      expect(byRef.get('user/v2')).toMatchObject({ folder: 'user', verified: true, active: false, eval: [] });
      expect(byRef.get('user/corrupt')).toMatchObject({ verified: false });
      expect(byRef.get('user/corrupt')!.verifyError).toMatch(
        /sha256 of v2.onnx is .* the manifest says 0000/,
      );
      expect(new ModelRegistry(models, user).resolve('user/v2').dir).toBe(user);
    } finally {
      removeDir(models);
      removeDir(user);
    }
  });

  it('a folder without a manifest lists nothing and says why', async () => {
    const empty = fs.mkdtempSync(path.join(dir, 'empty-'));
    const listing = await new ModelRegistry(empty).list(null);
    expect(listing.models).toEqual([]);
    expect(listing.problems[0]).toMatch(/cannot read model manifest/);
  });
});
