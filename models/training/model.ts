/**
 * A trained two-head model in memory: the shared feature space and one network per head. `fitModel`
 * is what both training (all systems) and evaluation (one system held out) call, so the evaluated
 * model is trained exactly like the shipped one.
 */
import type { LabelledLine } from './dataset';
import { buildExamples, type ExampleOptions } from './examples';
import { lexiconExamples, lexiconPrior, lexiconTerms } from './lexicon';
import { HEAD_LABELS, HEAD_NAMES, type HeadName } from './model-types';
import { predictProbabilities, trainHead, type HeadNetwork, type TrainOptions } from './network';
import type { FeatureOptions, FeatureSpace } from './text-features';
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
}

export interface TrainedModel {
  space: FeatureSpace;
  features: Record<HeadName, FeatureOptions>;
  heads: Record<HeadName, HeadNetwork>;
}

export function fitModel(lines: readonly LabelledLine[], config: ModelConfig): TrainedModel {
  const space = selectVocabulary(
    lines,
    config.vocabulary,
    config.lexiconWeight > 0 || HEAD_NAMES.some((h) => config.lexiconPrior[h] > 0) ? lexiconTerms() : [],
  );
  const heads = {} as Record<HeadName, HeadNetwork>;
  for (const head of HEAD_NAMES) {
    const items: Array<{ text: string; label: string }> = [];
    for (const line of lines) {
      const label = headLabelOf(head, line);
      if (label !== null) items.push({ text: line.text, label });
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
        const probabilities = predictProbabilities(
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
