/**
 * The ONNX classifier: one InferenceSession, created once from verified bytes (verify.ts), run in
 * batches. Two things make a batch cheaper without changing any result:
 * - identical messages within a batch are classified once (logs repeat a lot);
 * - the distinct messages are run shortest first, in runs of RUN_SIZE, because the tokenizer pads
 *   every message of a run to the longest one: one long stack trace would otherwise multiply the
 *   tokenizer's and vectorizer's work for the whole batch.
 */
import type * as ort from 'onnxruntime-node';
import type { Category, Severity } from '../contract';
import type { ManifestModel } from './manifest';
import { loadedOnnxRuntime, type OnnxRuntime } from './onnxruntime';
import { prepareModelInput } from './model-input';
import type { Classification, Classifier } from './types';

/** Messages per classify step: bounds the memory of one step whatever the caller passes. */
export const DEFAULT_MAX_BATCH = 4096;
/** Messages per session run: amortises a run's fixed cost while keeping padding local. */
export const RUN_SIZE = 512;

export interface ClassifierOptions {
  maxBatch?: number;
}

/** A head as the classifier uses it: which output, and the label of each column. */
export interface ResolvedHead {
  name: 'severity' | 'category';
  output: string;
  labels: readonly string[];
}

export function resolveHeads(model: ManifestModel): { severity: ResolvedHead; category: ResolvedHead } {
  const find = (name: 'severity' | 'category'): ResolvedHead => {
    const head = model.heads.find((h) => h.name === name);
    if (!head) throw new Error(`model ${model.id} has no ${name} head`);
    return { name, output: head.output, labels: head.labels };
  };
  return { severity: find('severity'), category: find('category') };
}

function argmaxRow(data: Float32Array, row: number, width: number): number {
  let best = 0;
  let bestValue = -Infinity;
  for (let c = 0; c < width; c++) {
    const v = data[row * width + c] as number;
    if (v > bestValue) {
      bestValue = v;
      best = c;
    }
  }
  return best;
}

function rowScores(data: Float32Array, row: number, labels: readonly string[]): Record<string, number> {
  const scores: Record<string, number> = {};
  labels.forEach((label, c) => (scores[label] = data[row * labels.length + c] as number));
  return scores;
}

export class OnnxClassifier implements Classifier {
  readonly kind = 'model' as const;
  private readonly heads: { severity: ResolvedHead; category: ResolvedHead };
  private readonly maxBatch: number;
  private released = false;

  /** Use `loadVerifiedClassifier` (verify.ts): it checks the model before building one of these. */
  constructor(
    readonly model: ManifestModel,
    private readonly session: ort.InferenceSession,
    options: ClassifierOptions = {},
    private readonly runtime: OnnxRuntime = loadedOnnxRuntime(),
  ) {
    this.heads = resolveHeads(model);
    this.maxBatch = Math.max(1, options.maxBatch ?? DEFAULT_MAX_BATCH);
  }

  async classify(maskedTexts: readonly string[]): Promise<Classification[]> {
    if (this.released) throw new Error(`model ${this.model.id} has been released`);
    const results = new Array<Classification>(maskedTexts.length);
    for (let start = 0; start < maskedTexts.length; start += this.maxBatch) {
      const end = Math.min(maskedTexts.length, start + this.maxBatch);
      await this.classifyBatch(maskedTexts, start, end, results);
    }
    return results;
  }

  private async classifyBatch(
    texts: readonly string[],
    start: number,
    end: number,
    results: Classification[],
  ): Promise<void> {
    const distinct: string[] = [];
    const rowOf = new Map<string, number>();
    const rows = new Int32Array(end - start);
    for (let i = start; i < end; i++) {
      const text = prepareModelInput(texts[i] as string);
      let row = rowOf.get(text);
      if (row === undefined) {
        row = distinct.length;
        distinct.push(text);
        rowOf.set(text, row);
      }
      rows[i - start] = row;
    }
    const order = distinct
      .map((_, row) => row)
      .sort((a, b) => (distinct[a] as string).length - (distinct[b] as string).length || a - b);
    const decoded = new Array<Classification>(distinct.length);
    for (let from = 0; from < order.length; from += RUN_SIZE) {
      const rowsOfRun = order.slice(from, from + RUN_SIZE);
      const run = await this.run(rowsOfRun.map((row) => distinct[row] as string));
      rowsOfRun.forEach((row, k) => (decoded[row] = run[k] as Classification));
    }
    for (let i = start; i < end; i++) results[i] = decoded[rows[i - start] as number] as Classification;
  }

  private async run(texts: string[]): Promise<Classification[]> {
    const { severity, category } = this.heads;
    const out = await this.session.run({ text: new this.runtime.Tensor('string', texts, [texts.length]) }, [
      severity.output,
      category.output,
    ]);
    const sev = out[severity.output]?.data as Float32Array;
    const cat = out[category.output]?.data as Float32Array;
    return texts.map((_, row) => ({
      severity: severity.labels[argmaxRow(sev, row, severity.labels.length)] as Severity,
      category: category.labels[argmaxRow(cat, row, category.labels.length)] as Category,
      scores: {
        severity: rowScores(sev, row, severity.labels),
        category: rowScores(cat, row, category.labels),
      },
    }));
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.session.release();
  }
}
