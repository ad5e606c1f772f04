/**
 * `npm run train`: trains the shipped model on all sixteen Loghub systems, exports it to ONNX,
 * checks the ONNX graph reproduces the TypeScript model on every training text, measures it by
 * leave-one-system-out, and writes models/<id>-<version>.onnx and models/manifest.json.
 *
 * Deterministic: the same data gives byte-identical files (seeded training, fixed orders, no
 * timestamps anywhere).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as ort from 'onnxruntime-node';
import type { Manifest, ManifestModel } from '../../core/inference/manifest';
import { MODEL_CONFIG, MODEL_ID, MODEL_VERSION, PREPROCESSING_ID } from './config';
import { loadDataset, SEVERITY_SYSTEMS } from './dataset';
import { evaluate } from './evaluation';
import { fitModel, predictTexts, HEAD_LABELS, HEAD_NAMES, type TrainedModel } from './model';
import { exportOnnx, INPUT_NAME } from './onnx-export';
import { MANIFEST_JSON, OUTPUT_DIR } from './paths';

/** Largest difference in any probability the ONNX graph may show against the TypeScript model. */
const PARITY_TOLERANCE = 1e-4;

const round = (x: number): number => Math.round(x * 10000) / 10000;

async function checkParity(
  model: TrainedModel,
  bytes: Uint8Array,
  texts: readonly string[],
): Promise<number> {
  const session = await ort.InferenceSession.create(bytes);
  const expected = predictTexts(model, texts);
  let worst = 0;
  const batch = 1024;
  for (let start = 0; start < texts.length; start += batch) {
    const slice = texts.slice(start, start + batch);
    const out = await session.run({ [INPUT_NAME]: new ort.Tensor('string', slice, [slice.length]) });
    for (const head of HEAD_NAMES) {
      const data = out[head]?.data as Float32Array;
      const width = HEAD_LABELS[head].length;
      slice.forEach((_, i) => {
        const p = (expected[start + i] as (typeof expected)[number])[head].probabilities;
        for (let c = 0; c < width; c++)
          worst = Math.max(worst, Math.abs((data[i * width + c] as number) - (p[c] as number)));
      });
    }
  }
  await session.release();
  return worst;
}

async function main(): Promise<void> {
  const started = Date.now();
  const lines = loadDataset();
  const model = fitModel(lines, MODEL_CONFIG);
  const description =
    'Vigil log classifier: severity and category of a masked log message. TF-IDF of word 1-2 grams, ' +
    (MODEL_CONFIG.train.category.hiddenUnits > 0
      ? 'one-hidden-layer network'
      : 'multinomial logistic regression') +
    ' per head' +
    (MODEL_CONFIG.gates?.category
      ? '; category as a gate (normal or a problem) times a softmax over the problem categories'
      : '') +
    '. Trained on Loghub 2k samples (https://github.com/logpai/loghub).';
  const bytes = exportOnnx(model, {
    id: MODEL_ID,
    version: MODEL_VERSION,
    preprocessing: PREPROCESSING_ID,
    description,
  });

  const texts = [...new Set(lines.map((l) => l.text))].sort();
  const drift = await checkParity(model, bytes, texts);
  if (drift > PARITY_TOLERANCE)
    throw new Error(`ONNX graph differs from the trained model by ${drift} (> ${PARITY_TOLERANCE})`);

  const evaluation = evaluate(lines, MODEL_CONFIG);
  const file = `${MODEL_ID}-${MODEL_VERSION}.onnx`;
  fs.writeFileSync(path.join(OUTPUT_DIR, file), bytes);

  const entry: ManifestModel = {
    id: MODEL_ID,
    version: MODEL_VERSION,
    file,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    input: { name: INPUT_NAME, type: 'string', shape: ['N'] },
    preprocessing: PREPROCESSING_ID,
    heads: HEAD_NAMES.map((head) => ({ name: head, output: head, labels: [...HEAD_LABELS[head]] })),
    description,
    training: {
      data: 'models/data/loghub-2k.csv: Loghub 2k samples of 16 systems (32,000 lines)',
      license:
        'Loghub: free for research or academic work; cite Jieming Zhu, Shilin He, Pinjia He, Jinyang Liu, Michael R. Lyu. ' +
        'Loghub: A Large Collection of System Log Datasets for AI-driven Log Analytics. ISSRE 2023. See models/data/LICENSE.',
      labels: {
        severity: `Level field of ${[...SEVERITY_SYSTEMS].sort().join(', ')}; BGL alert tags mark errors`,
        category: 'models/labels/category-labels.csv (curated per template)',
      },
      vocabularySize: model.space.size,
      config: MODEL_CONFIG,
    },
    evaluation: {
      protocol: 'leave-one-system-out, macro-F1 per held-out system averaged over systems (models/EVAL.md)',
      heads: Object.fromEntries(
        HEAD_NAMES.map((head) => [
          head,
          {
            model: round(evaluation.heads[head].modelMacroF1),
            baseline: round(evaluation.heads[head].baselineMacroF1),
            systems: evaluation.heads[head].systems.length,
          },
        ]),
      ),
      bglAlerts: {
        model: {
          precision: round(evaluation.bglAlerts.model.precision),
          recall: round(evaluation.bglAlerts.model.recall),
          f1: round(evaluation.bglAlerts.model.f1),
        },
        baseline: {
          precision: round(evaluation.bglAlerts.baseline.precision),
          recall: round(evaluation.bglAlerts.baseline.recall),
          f1: round(evaluation.bglAlerts.baseline.f1),
        },
      },
    },
  };
  const manifest: Manifest = { schemaVersion: 1, active: MODEL_ID, models: [entry] };
  fs.writeFileSync(MANIFEST_JSON, JSON.stringify(manifest, null, 2) + '\n');

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `wrote models/${file} (${bytes.length} bytes, sha256 ${entry.sha256}) and models/manifest.json in ${seconds}s`,
  );
  console.log(`vocabulary ${model.space.size} terms; ONNX parity max |Δp| = ${drift.toExponential(2)}`);
  for (const head of HEAD_NAMES) {
    const h = evaluation.heads[head];
    console.log(
      `${head}: LOSO macro-F1 model ${h.modelMacroF1.toFixed(3)} vs keyword baseline ${h.baselineMacroF1.toFixed(3)}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
