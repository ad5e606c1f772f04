/**
 * The seed lexicon: every keyword phrase of the rules fallback (core/inference/keyword-rules.ts)
 * becomes a short training example labelled with its rule's label. Fifteen training systems are
 * too few for a model to learn on its own that `refused` or `kernel` generalise; the lexicon gives
 * it the same prior the rules have, and the real logs teach it when that prior is wrong (a routine
 * line that happens to say "error state" in a component name) and what the rules never list.
 */
import { CATEGORY_KEYWORDS, SEVERITY_KEYWORDS } from '../../core/inference/keyword-rules';
import type { HeadName } from './model-types';
import { ngrams, tokenize } from './text-features';

export interface SeedExample {
  text: string;
  label: string;
}

export function lexiconExamples(head: HeadName): SeedExample[] {
  const rules = head === 'severity' ? SEVERITY_KEYWORDS : CATEGORY_KEYWORDS;
  const seen = new Set<string>();
  const examples: SeedExample[] = [];
  // A phrase listed under two labels (`panic`: system; `error`: error and application) keeps the
  // first, as the rules' first match would.
  for (const rule of rules) {
    for (const phrase of rule.phrases) {
      if (seen.has(phrase)) continue;
      seen.add(phrase);
      examples.push({ text: phrase, label: rule.label });
    }
  }
  return examples;
}

/** The n-gram terms of all lexicon phrases, kept in the vocabulary whatever their frequency. */
export function lexiconTerms(): string[] {
  const terms = new Set<string>();
  for (const rules of [SEVERITY_KEYWORDS, CATEGORY_KEYWORDS]) {
    for (const rule of rules)
      for (const phrase of rule.phrases) for (const gram of ngrams(tokenize(phrase))) terms.add(gram);
  }
  return [...terms].sort();
}

/**
 * The lexicon as a fixed prior on the logits: every phrase adds `strength` to its label's logit when
 * present (split over the bigrams of a longer phrase), earlier rule lists a little more, as the
 * rules' first match wins. Training learns its weights on top of this offset, so the model is "the
 * keyword rules plus what the data corrects"; the L2 penalty shrinks the learned part only. The
 * prior is linear in the features, so the export folds it into the weight matrix.
 */
export function lexiconPrior(
  head: HeadName,
  labels: readonly string[],
  position: (term: string) => number | undefined,
  inputs: number,
  strength: number,
): Float64Array {
  const prior = new Float64Array(inputs * labels.length);
  if (strength === 0) return prior;
  const rules = head === 'severity' ? SEVERITY_KEYWORDS : CATEGORY_KEYWORDS;
  const claimed = new Set<string>();
  rules.forEach((rule, rank) => {
    const label = labels.indexOf(rule.label);
    const value = strength * (1 + 0.25 * (rules.length - 1 - rank));
    for (const phrase of rule.phrases) {
      const tokens = tokenize(phrase);
      const grams = tokens.length === 1 ? tokens : ngrams(tokens).filter((g) => g.includes(' '));
      for (const gram of grams) {
        if (claimed.has(gram)) continue;
        claimed.add(gram);
        const column = position(gram);
        if (column === undefined) continue;
        prior[column * labels.length + label] =
          (prior[column * labels.length + label] as number) + value / grams.length;
      }
    }
  });
  return prior;
}
