import * as fs from 'fs';
import * as path from 'path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadVerifiedClassifier, ModelVerificationError } from '../../core/inference/verify';
import type { ManifestModel } from '../../core/inference/manifest';
import { int64Tensor } from '../../models/training/onnx-proto';
import {
  addModelFile,
  editedModelBytes,
  realModelBytes,
  realModelEntry,
  removeDir,
  tempModelsDir,
} from './inference-fixtures';

let dir: string;
beforeEach(() => {
  dir = tempModelsDir();
});
afterEach(() => removeDir(dir));

async function rejection(entry: ManifestModel): Promise<string> {
  try {
    const classifier = await loadVerifiedClassifier(dir, entry);
    await classifier.release();
  } catch (error) {
    expect(error).toBeInstanceOf(ModelVerificationError);
    return (error as Error).message;
  }
  throw new Error('the model was accepted');
}

describe('model verification', () => {
  it('accepts the shipped model', async () => {
    const classifier = await loadVerifiedClassifier(dir, realModelEntry());
    expect(classifier.model.id).toBe(realModelEntry().id);
    await classifier.release();
  });

  it('rejects a sha256 that does not match the file', async () => {
    const message = await rejection({ ...realModelEntry(), sha256: '0'.repeat(64) });
    expect(message).toMatch(/sha256 of .* is [0-9a-f]{64}, the manifest says 0{64}/);
  });

  it('rejects a missing file', async () => {
    const message = await rejection({ ...realModelEntry(), file: 'absent.onnx' });
    expect(message).toMatch(/absent\.onnx does not exist/);
  });

  it('rejects a corrupted file even when the manifest has its sha256', async () => {
    const bytes = Buffer.from(realModelBytes());
    bytes.fill(0x5a, 100, 4000);
    const entry = addModelFile(dir, 'corrupted.onnx', bytes);
    expect(await rejection(entry)).toMatch(/onnxruntime cannot load corrupted\.onnx/);
  });

  it('rejects a truncated file', async () => {
    const bytes = realModelBytes();
    const entry = addModelFile(dir, 'truncated.onnx', bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(await rejection(entry)).toMatch(/onnxruntime cannot load truncated\.onnx/);
  });

  it('rejects a graph whose input is not named "text"', async () => {
    const bytes = editedModelBytes((model) => {
      for (const input of model.graph.input) if (input.name === 'text') input.name = 'message';
      for (const node of model.graph.node)
        node.input = node.input.map((name) => (name === 'text' ? 'message' : name));
    });
    const entry = addModelFile(dir, 'renamed-input.onnx', bytes);
    expect(await rejection(entry)).toMatch(/input names are \[message\].*exactly one input named "text"/);
  });

  it('rejects a manifest whose head reads an output the graph lacks', async () => {
    const entry = realModelEntry();
    const heads = entry.heads.map((h) => (h.name === 'category' ? { ...h, output: 'category_probs' } : h));
    expect(await rejection({ ...entry, heads })).toMatch(/head "category" reads output "category_probs"/);
  });

  it("rejects labels that are not Vigil's", async () => {
    const entry = realModelEntry();
    const heads = entry.heads.map((h) =>
      h.name === 'category' ? { ...h, labels: h.labels.slice(0, 5) } : h,
    );
    expect(await rejection({ ...entry, heads })).toMatch(/head "category" labels \[.*\] are not Vigil's/);
  });

  it('rejects an output narrower than its head has labels (found by the probe run)', async () => {
    // Append a Slice keeping the first five category columns: the graph now outputs [N, 5] for six labels.
    const bytes = editedModelBytes((model) => {
      for (const node of model.graph.node)
        node.output = node.output.map((name) => (name === 'category' ? 'category_full' : name));
      model.graph.initializer.push(
        int64Tensor('keep_starts', [1], [0]),
        int64Tensor('keep_ends', [1], [5]),
        int64Tensor('keep_axes', [1], [1]),
      );
      model.graph.node.push({
        input: ['category_full', 'keep_starts', 'keep_ends', 'keep_axes'],
        output: ['category'],
        name: 'keep_five',
        op_type: 'Slice',
        domain: '',
      });
    });
    const entry = addModelFile(dir, 'five-columns.onnx', bytes);
    expect(await rejection(entry)).toMatch(/output "category" has shape \[6, 5\].*6 labels/);
  });

  it('rejects a model file outside the models folder', async () => {
    fs.writeFileSync(path.join(path.dirname(dir), 'outside.onnx'), realModelBytes());
    const message = await rejection({ ...realModelEntry(), file: path.join('..', 'outside.onnx') });
    expect(message).toMatch(/outside/);
    fs.rmSync(path.join(path.dirname(dir), 'outside.onnx'));
  });
});
