/**
 * A trained two-head model in memory: the shared feature space and one network per head. `fitModel`
 * is what both training (all systems) and evaluation (one system held out) call, so the evaluated
 * model is trained exactly like the shipped one.
 */
import type { LabelledLine } from './dataset';
import { buildExamples, type ExampleOptions } from './examples';
import {
  amongPrior,
  gatePrior,
  gatedProbabilities,
  trainGatedHead,
  type GatedHead,
  type GateOptions,
} from './gated-head';
import { lexiconExamples, lexiconPrior, lexiconTerms } from './lexicon';
import { HEAD_LABELS, HEAD_NAMES, type HeadName } from './model-types';
import { predictProbabilities, trainHead, type HeadNetwork, type TrainOptions } from './network';
import type { FeatureOptions, FeatureSpace, SparseVector } from './text-features';
import { selectVocabulary, type VocabularyOptions } from './vocabulary';

export { HEAD_LABELS, HEAD_NAMES, type HeadName };

export function headLabelOf(head: HeadName, line: LabelledLine): string | null {
  return head === 'severity' ? line.severity : line.category;
}

export interface ModelConfig {
  vocabulary: VocabularyOptions;
  /** How each head sees the term counts (both share one tokenizer and vocabulary). */
  features: Record<HeadName, FeatureOptions>;
  examples: Record<HeadName, ExampleOptions>;
  /** Weight of each seed-lexicon example (lexicon.ts) relative to a log line seen once; 0 = none. */
  lexiconWeight: number;
  /** Strength of the lexicon as a fixed logit prior per head (lexicon.ts lexiconPrior); 0 = none. */
  lexiconPrior: Record<HeadName, number>;
  train: Record<HeadName, TrainOptions>;
  /**
   * Heads made of a gate and a second softmax (gated-head.ts); `train[head]` and
   * `lexiconPrior[head]` then apply to the second softmax. Absent: one flat softmax.
   */
  gates?: Partial<Record<HeadName, GateOptions & { commonLabel: string }>>;
}

/** One flat softmax network, or a gate and a softmax over the other labels. */
export type HeadModel = HeadNetwork | GatedHead;

export function isGated(head: HeadModel): head is GatedHead {
  return 'gate' in head;
}

export interface TrainedModel {
  space: FeatureSpace;
  features: Record<HeadName, FeatureOptions>;
  heads: Record<HeadName, HeadModel>;
}

export function fitModel(lines: readonly LabelledLine[], config: ModelConfig): TrainedModel {
  const space = selectVocabulary(
    lines,
    config.vocabulary,
    config.lexiconWeight > 0 || HEAD_NAMES.some((h) => config.lexiconPrior[h] > 0) ? lexiconTerms() : [],
  );
  const heads = {} as Record<HeadName, HeadModel>;
  for (const head of HEAD_NAMES) {
    const items: Array<{ text: string; label: string }> = [];
    for (const line of lines) {
      const label = headLabelOf(head, line);
      if (label !== null) items.push({ text: line.text, label });
    }
    const gate = config.gates?.[head];
    if (gate) {
      heads[head] = fitGatedHead(head, items, space, config, gate);
      continue;
    }
    const examples = buildExamples(
      items,
      HEAD_LABELS[head],
      space,
      config.features[head],
      config.examples[head],
    );
    if (config.lexiconWeight > 0) {
      for (const seed of lexiconExamples(head)) {
        examples.push({
          x: space.vectorize(seed.text, config.features[head]),
          label: HEAD_LABELS[head].indexOf(seed.label),
          weight: config.lexiconWeight,
        });
      }
    }
    const prior =
      config.lexiconPrior[head] > 0
        ? lexiconPrior(
            head,
            HEAD_LABELS[head],
            (t) => space.columnOf(t),
            space.size,
            config.lexiconPrior[head],
          )
        : undefined;
    heads[head] = trainHead(examples, space.size, HEAD_LABELS[head].length, config.train[head], prior);
  }
  return { space, features: config.features, heads };
}

export function fitGatedHead(
  head: HeadName,
  items: ReadonlyArray<{ text: string; label: string }>,
  space: FeatureSpace,
  config: ModelConfig,
  gate: GateOptions & { commonLabel: string },
): GatedHead {
  const labels = HEAD_LABELS[head];
  const commonIndex = labels.indexOf(gate.commonLabel);
  if (commonIndex < 0) throw new Error(`${head} has no label ${gate.commonLabel}`);
  if (config.lexiconWeight > 0) throw new Error('a gated head takes the lexicon as a prior only');
  const OTHER = 'other';
  const features = config.features[head];
  const gateExamples = buildExamples(
    items.map((i) => ({ text: i.text, label: i.label === gate.commonLabel ? gate.commonLabel : OTHER })),
    [gate.commonLabel, OTHER],
    space,
    features,
    config.examples[head],
  );
  const amongExamples = buildExamples(
    items.filter((i) => i.label !== gate.commonLabel),
    labels.filter((l) => l !== gate.commonLabel),
    space,
    features,
    config.examples[head],
  );
  const prior = (strength: number): Float64Array =>
    lexiconPrior(head, labels, (t) => space.columnOf(t), space.size, strength);
  return trainGatedHead(
    gateExamples,
    amongExamples,
    space.size,
    labels.length,
    commonIndex,
    { gate, among: config.train[head] },
    {
      gate: gate.prior > 0 ? gatePrior(prior(gate.prior), labels.length, commonIndex) : undefined,
      among:
        config.lexiconPrior[head] > 0
          ? amongPrior(prior(config.lexiconPrior[head]), labels.length, commonIndex)
          : undefined,
    },
  );
}

/** A head's probabilities for one feature vector, in the head's label order. */
export function headProbabilities(head: HeadModel, x: SparseVector): Float64Array {
  return isGated(head) ? gatedProbabilities(head, x) : predictProbabilities(head, x);
}

export type Prediction = Record<HeadName, { label: string; probabilities: Float64Array }>;

/** Predicts each distinct text once (logs repeat a lot) and returns one prediction per input. */
export function predictTexts(model: TrainedModel, texts: readonly string[]): Prediction[] {
  const cache = new Map<string, Prediction>();
  return texts.map((text) => {
    let p = cache.get(text);
    if (!p) {
      const counts = model.space.countTerms(text);
      p = {} as Prediction;
      for (const head of HEAD_NAMES) {
        const probabilities = headProbabilities(
          model.heads[head],
          model.space.transform(counts, model.features[head]),
        );
        let best = 0;
        for (let i = 1; i < probabilities.length; i++)
          if ((probabilities[i] as number) > (probabilities[best] as number)) best = i;
        p[head] = { label: HEAD_LABELS[head][best] as string, probabilities };
      }
      cache.set(text, p);
    }
    return p;
  });
}
