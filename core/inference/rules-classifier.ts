/**
 * Keyword fallback classifier, used when no model is active, and the baseline the models are
 * evaluated against (models/training/evaluate.ts imports this file, so the baseline measured is the
 * fallback that ships). The keyword lists live in keyword-rules.ts.
 */
import { CATEGORIES, SEVERITIES, type Category, type Severity } from '../contract';
import { CATEGORY_KEYWORDS, SEVERITY_KEYWORDS, phrasePattern, type KeywordRule } from './keyword-rules';
import type { Classification, Classifier } from './types';

interface CompiledRule<L extends string> {
  label: L;
  pattern: RegExp;
}

function compile<L extends string>(rules: ReadonlyArray<KeywordRule<L>>): Array<CompiledRule<L>> {
  return rules.map((r) => ({ label: r.label, pattern: phrasePattern(r.phrases) }));
}

const SEVERITY_RULES = compile(SEVERITY_KEYWORDS);
const CATEGORY_RULES = compile(CATEGORY_KEYWORDS);

function firstMatch<L extends string>(rules: Array<CompiledRule<L>>, text: string, fallback: L): L {
  for (const rule of rules) if (rule.pattern.test(text)) return rule.label;
  return fallback;
}

/** All probability on the chosen label: rules have no notion of confidence, and pretend none. */
function oneHot(labels: readonly string[], chosen: string): Record<string, number> {
  const scores: Record<string, number> = {};
  for (const label of labels) scores[label] = label === chosen ? 1 : 0;
  return scores;
}

export function classifyByRules(maskedText: string): Classification {
  const severity: Severity = firstMatch(SEVERITY_RULES, maskedText, 'info');
  const category: Category = firstMatch(CATEGORY_RULES, maskedText, 'normal');
  return {
    severity,
    category,
    scores: { severity: oneHot(SEVERITIES, severity), category: oneHot(CATEGORIES, category) },
  };
}

export class RulesClassifier implements Classifier {
  readonly kind = 'rules' as const;

  classify(maskedTexts: readonly string[]): Promise<Classification[]> {
    return Promise.resolve(maskedTexts.map(classifyByRules));
  }
}
