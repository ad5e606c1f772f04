/**
 * The shipped SigmaHQ rules as rules of the engine: each compiled Sigma rule becomes a predicate rule
 * with `sigma` provenance (Sigma id, author, SigmaHQ named by the console). Sigma keywords are often
 * variable text (`UID=0`, a path, an address) that a template masks, so every rule is decided on the
 * log itself. All rules are asked at once per log (`SigmaRuleSet.matchAll`: one keyword-automaton
 * pass over the message and the fields some rule reads), and only the rules that match join the
 * engine's candidates for that log.
 */
import { compilePredicateRule, type CompiledRule } from './compiled';
import type { PerLogRules } from './engine';
import { loadSigmaDir, shippedSigmaDir } from './sigma/load';
import { sigmaProvenance } from './sigma/provenance';
import { SigmaRuleSet } from './sigma/rule-set';
import type { CompiledSigmaRule, SigmaRefusal } from './sigma/types';

export interface SigmaRules {
  /** Every Sigma rule in the engine's shape (for listing); the engine learns which match from `perLog`. */
  rules: CompiledRule[];
  perLog: PerLogRules | null;
  refused: readonly SigmaRefusal[];
}

const NO_RULES: readonly CompiledRule[] = Object.freeze([]);

/** The engine rule of each Sigma rule, and the one pass per log that says which of them match. */
export function toEngineRules(rules: readonly CompiledSigmaRule[]): SigmaRules {
  const set = new SigmaRuleSet(rules);
  const byRule = new Map<CompiledSigmaRule, CompiledRule>();
  for (const rule of rules) {
    byRule.set(
      rule,
      compilePredicateRule({
        id: `sigma:${rule.id}`,
        title: rule.title,
        author: rule.author,
        description: rule.description,
        level: rule.level,
        trigger: rule.trigger,
        references: rule.references,
        file: rule.file,
        sigmaId: rule.id,
        advice: `${rule.description ?? rule.title} (${sigmaProvenance(rule).text})`,
        scope: 'log',
        // Decided by `perLog` below, which hands the engine only the rules that matched.
        matches: () => true,
      }),
    );
  }
  const perLog: PerLogRules = (record) => {
    const matched = set.matchAll({ message: record.message, fields: record.fields });
    return matched.length === 0 ? NO_RULES : matched.map((rule) => byRule.get(rule)!);
  };
  return { rules: [...byRule.values()], perLog, refused: [] };
}

/** The shipped Sigma rules (or `dir`'s), ready for the rule engine; null loads none. */
export function loadSigmaRules(dir: string | null = shippedSigmaDir()): SigmaRules {
  if (dir === null) return { rules: [], perLog: null, refused: [] };
  const loaded = loadSigmaDir(dir);
  return { ...toEngineRules(loaded.rules), refused: loaded.refused };
}
