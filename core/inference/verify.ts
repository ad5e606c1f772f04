/**
 * Model verification: nothing serves until it has passed every check here, and each failure says
 * which check failed and why, in words an operator can act on. The session is created from the
 * very bytes whose sha256 was checked, so the file cannot change between check and load.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type * as ort from 'onnxruntime-node';
import { CATEGORIES, SEVERITIES } from '../contract';
import { OnnxClassifier, type ClassifierOptions } from './classifier';
import type { ManifestModel } from './manifest';
import { loadOnnxRuntime, type OnnxRuntime } from './onnxruntime';

export class ModelVerificationError extends Error {
  constructor(
    readonly modelId: string,
    message: string,
  ) {
    super(`model ${modelId} rejected: ${message}`);
  }
}

/** Probe messages run through a candidate: empty, typical, and odd inputs all must give valid rows. */
const PROBE_TEXTS = [
  '',
  'Failed password for invalid user <*> from <*> port <*> ssh2',
  'Connection refused while contacting <*>:<*>',
  'Received block blk_<*> of size <*> from /<*>',
  'x',
  '🙂 ünïcödé <*> \u0000',
];

const REQUIRED_HEADS: Record<string, readonly string[]> = { severity: SEVERITIES, category: CATEGORIES };

/** Largest deviation from 1 allowed for the sum of a probability row. */
const SUM_TOLERANCE = 1e-3;

export interface SessionOptions {
  intraOpNumThreads?: number;
}

function sameLabelSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');
}

function checkManifestHeads(model: ManifestModel): void {
  for (const [name, labels] of Object.entries(REQUIRED_HEADS)) {
    const head = model.heads.find((h) => h.name === name);
    if (!head)
      throw new ModelVerificationError(
        model.id,
        `manifest lists no "${name}" head (Vigil needs severity and category)`,
      );
    if (!sameLabelSet(head.labels, labels)) {
      throw new ModelVerificationError(
        model.id,
        `head "${name}" labels [${head.labels.join(', ')}] are not Vigil's [${labels.join(', ')}]`,
      );
    }
  }
}

function readModelFile(modelsDir: string, model: ManifestModel): Buffer {
  const file = path.resolve(modelsDir, model.file);
  const root = path.resolve(modelsDir) + path.sep;
  if (!file.startsWith(root))
    throw new ModelVerificationError(model.id, `file ${model.file} is outside ${modelsDir}`);
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ModelVerificationError(
      model.id,
      code === 'ENOENT' ? `file ${file} does not exist` : `cannot read ${file}: ${(error as Error).message}`,
    );
  }
}

async function createSession(
  runtime: OnnxRuntime,
  model: ManifestModel,
  bytes: Buffer,
  options: SessionOptions,
): Promise<ort.InferenceSession> {
  try {
    return await runtime.InferenceSession.create(bytes, {
      intraOpNumThreads: options.intraOpNumThreads ?? 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      // Warnings (e.g. a declared output shape the graph does not match) are caught by the checks below.
      logSeverityLevel: 3,
    });
  } catch (error) {
    // onnxruntime's messages start with its source location; the operator needs the reason.
    const reason = String((error as Error).message ?? error)
      .replace(/\s+/g, ' ')
      .slice(0, 400);
    throw new ModelVerificationError(
      model.id,
      `onnxruntime cannot load ${model.file} (corrupted or not an ONNX model?): ${reason}`,
    );
  }
}

function checkSignature(model: ManifestModel, session: ort.InferenceSession): void {
  const inputs = [...session.inputNames];
  if (inputs.length !== 1 || inputs[0] !== 'text' || model.input.name !== 'text') {
    throw new ModelVerificationError(
      model.id,
      `input names are [${inputs.join(', ')}] (manifest: ${model.input.name}); Vigil models take exactly one input named "text"`,
    );
  }
  for (const head of model.heads) {
    if (!session.outputNames.includes(head.output)) {
      throw new ModelVerificationError(
        model.id,
        `head "${head.name}" reads output "${head.output}", but the graph's outputs are [${session.outputNames.join(', ')}]`,
      );
    }
  }
}

async function probe(
  runtime: OnnxRuntime,
  model: ManifestModel,
  session: ort.InferenceSession,
): Promise<void> {
  let out: ort.InferenceSession.OnnxValueMapType;
  try {
    out = await session.run({ text: new runtime.Tensor('string', PROBE_TEXTS, [PROBE_TEXTS.length]) });
  } catch (error) {
    throw new ModelVerificationError(
      model.id,
      `probe inference failed: ${String((error as Error).message ?? error).slice(0, 400)}`,
    );
  }
  for (const head of model.heads) {
    const tensor = out[head.output];
    const width = head.labels.length;
    const dims = tensor?.dims ?? [];
    if (
      !tensor ||
      tensor.type !== 'float32' ||
      dims.length !== 2 ||
      dims[0] !== PROBE_TEXTS.length ||
      dims[1] !== width
    ) {
      throw new ModelVerificationError(
        model.id,
        `output "${head.output}" has shape [${dims.join(', ')}] (${tensor?.type ?? 'missing'}); head "${head.name}" has ${width} labels, so [${PROBE_TEXTS.length}, ${width}] float32 was expected`,
      );
    }
    const data = tensor.data as Float32Array;
    for (let row = 0; row < PROBE_TEXTS.length; row++) {
      let sum = 0;
      for (let c = 0; c < width; c++) {
        const p = data[row * width + c] as number;
        if (!Number.isFinite(p) || p < 0 || p > 1) {
          throw new ModelVerificationError(
            model.id,
            `output "${head.output}" gave ${p} for a probe; probabilities in [0, 1] were expected`,
          );
        }
        sum += p;
      }
      if (Math.abs(sum - 1) > SUM_TOLERANCE) {
        throw new ModelVerificationError(
          model.id,
          `output "${head.output}" rows sum to ${sum.toFixed(4)}, not 1: is the Softmax missing?`,
        );
      }
    }
  }
}

/**
 * Runs every check and returns a ready classifier owning the session; throws ModelVerificationError.
 * The session is released if any check after its creation fails.
 */
export async function loadVerifiedClassifier(
  modelsDir: string,
  model: ManifestModel,
  options: SessionOptions & ClassifierOptions = {},
): Promise<OnnxClassifier> {
  checkManifestHeads(model);
  const bytes = readModelFile(modelsDir, model);
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (digest !== model.sha256) {
    throw new ModelVerificationError(
      model.id,
      `sha256 of ${model.file} is ${digest}, the manifest says ${model.sha256} (file changed or corrupted)`,
    );
  }
  let runtime: OnnxRuntime;
  try {
    runtime = await loadOnnxRuntime();
  } catch (error) {
    throw new ModelVerificationError(model.id, (error as Error).message);
  }
  const session = await createSession(runtime, model, bytes, options);
  try {
    checkSignature(model, session);
    await probe(runtime, model, session);
  } catch (error) {
    await session.release();
    throw error;
  }
  return new OnnxClassifier(model, session, options, runtime);
}
