import * as fs from 'fs';
import * as path from 'path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelStatus } from '../../core/contract';
import { ModelManager } from '../../core/inference/model-manager';
import {
  SAMPLE_MASKED,
  addModelFile,
  editedModelBytes,
  readRealManifest,
  realModelEntry,
  removeDir,
  tempModelsDir,
  waitFor,
  writeManifest,
} from './inference-fixtures';

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

/** A second valid model: the real graph with a different doc string, hence other bytes and sha256. */
function addSecondModel(id = 'v2') {
  const bytes = editedModelBytes((model) => {
    model.doc_string = `${model.doc_string} (copy ${id})`;
  });
  return addModelFile(dir, `${id}.onnx`, bytes, { id, version: '2.0.0' });
}

describe('model manager', () => {
  it("starts with the manifest's active model and classifies with it", async () => {
    manager = await ModelManager.start({ modelsDir: dir, watch: false });
    const status = manager.status();
    expect(status.active?.id).toBe(realModelEntry().id);
    expect(status.active?.sha256).toBe(realModelEntry().sha256);
    expect(status.error).toBeNull();
    const outcome = await manager.classify(SAMPLE_MASKED);
    expect(outcome.classifiedBy).toBe('model');
    expect(outcome.results).toHaveLength(SAMPLE_MASKED.length);
  });

  it('falls back to keyword rules, with the reason, when the manifest is missing or broken', async () => {
    fs.rmSync(path.join(dir, 'manifest.json'));
    manager = await ModelManager.start({ modelsDir: dir, watch: false });
    expect(manager.status().active).toBeNull();
    expect(manager.status().error).toMatch(/cannot read model manifest .*; classifying with keyword rules/);
    expect((await manager.classify(['Failed password for root'])).classifiedBy).toBe('rules');

    fs.writeFileSync(path.join(dir, 'manifest.json'), '{ "schemaVersion": 1, ');
    expect((await manager.reload()).error).toMatch(/not valid JSON/);

    writeManifest(dir, { ...readRealManifest(), active: null });
    const status = await manager.reload();
    expect(status.active).toBeNull();
    expect(status.error).toMatch(/names no active model/);
  });

  it('rejects a changed model that fails verification and keeps the current one', async () => {
    manager = await ModelManager.start({ modelsDir: dir, watch: false });
    const real = realModelEntry();
    // A deploy replaces the file with garbage and updates the sha256 accordingly.
    const broken = addModelFile(dir, 'broken.onnx', Buffer.from('not an onnx model'), {
      id: real.id,
      version: '9.9.9',
    });
    writeManifest(dir, { ...readRealManifest(), models: [broken] });
    const status = await manager.reload();
    expect(status.error).toMatch(
      new RegExp(
        `model ${real.id} rejected: onnxruntime cannot load broken\\.onnx.*; keeping model ${real.id} active`,
      ),
    );
    expect(status.active?.sha256).toBe(real.sha256);
    expect((await manager.classify(['x'])).classifiedBy).toBe('model');

    // Fixing the manifest clears the error.
    writeManifest(dir, readRealManifest());
    expect((await manager.reload()).error).toBeNull();
  });

  it('retries a newly named active model once its file is fixed', async () => {
    manager = await ModelManager.start({ modelsDir: dir, watch: false });
    const v2 = addSecondModel();
    fs.writeFileSync(path.join(dir, v2.file), 'half-copied file');
    writeManifest(dir, { schemaVersion: 1, active: 'v2', models: [realModelEntry(), v2] });
    let status = await manager.reload();
    expect(status.error).toMatch(/model v2 rejected: sha256 .*; keeping model .* active/);
    expect(status.active?.id).toBe(realModelEntry().id);

    addSecondModel(); // the copy completes: same bytes as the manifest's sha256
    status = await manager.reload();
    expect(status.error).toBeNull();
    expect(status.active?.id).toBe('v2');
  });

  it('switches to a new active model without losing the batch in flight', async () => {
    manager = await ModelManager.start({ modelsDir: dir, watch: false });
    const v2 = addSecondModel();
    writeManifest(dir, { schemaVersion: 1, active: 'v2', models: [realModelEntry(), v2] });
    const texts = Array.from(
      { length: 20_000 },
      (_, i) => `${SAMPLE_MASKED[i % SAMPLE_MASKED.length]} ${i % 97}`,
    );
    const inFlight = manager.classify(texts);
    const swapped = manager.reload();
    const [outcome, status] = await Promise.all([inFlight, swapped]);
    expect(outcome.classifiedBy).toBe('model');
    expect(outcome.results).toHaveLength(texts.length);
    expect(outcome.results.every((r) => r !== undefined)).toBe(true);
    expect(status.active?.id).toBe('v2');
    expect((await manager.classify(['x'])).classifiedBy).toBe('model');
  });

  it('reloads when the manifest changes on disk', async () => {
    const statuses: ModelStatus[] = [];
    manager = await ModelManager.start({ modelsDir: dir, debounceMs: 50, onStatus: (s) => statuses.push(s) });
    const v2 = addSecondModel();
    writeManifest(dir, { schemaVersion: 1, active: 'v2', models: [realModelEntry(), v2] });
    await waitFor(() => manager?.status().active?.id === 'v2', 'the watcher to activate v2');
    expect(statuses.some((s) => s.active?.id === 'v2')).toBe(true);
  });

  it("keeps a promoted model across reloads that do not change the manifest's active model", async () => {
    const v2 = addSecondModel();
    writeManifest(dir, { ...readRealManifest(), models: [realModelEntry(), v2] });
    manager = await ModelManager.start({ modelsDir: dir, watch: false });
    await manager.shadow('v2');
    await manager.promote();
    expect((await manager.reload()).active?.id).toBe('v2');
  });
});
