/**
 * The shipped SigmaHQ rules as rules of the engine: each compiled Sigma rule becomes a predicate rule
 * with `sigma` provenance (Sigma id, author, SigmaHQ named by the console). Sigma keywords are often
 * variable text (`UID=0`, a path, an address) that a template masks, so every rule is decided on the
 * log itself. All rules are asked at once per log (`SigmaRuleSet.matchAll`: one keyword-automaton
 * pass over the message and the fields some rule reads) and each rule's predicate reads that answer.
 */
import { compilePredicateRule, type CompiledRule } from './compiled';
import { loadSigmaDir, shippedSigmaDir } from './sigma/load';
import { sigmaProvenance } from './sigma/provenance';
import { SigmaRuleSet } from './sigma/rule-set';
import type { CompiledSigmaRule, SigmaEvent, SigmaRefusal } from './sigma/types';

export interface SigmaRules {
  rules: CompiledRule[];
  refused: readonly SigmaRefusal[];
}

/** One `matchAll` per log, shared by every rule's predicate (the log is recognised by its message and fields). */
class SharedMatches {
  private message: string | null = null;
  private fields: object | null = null;
  private matched = new Set<CompiledSigmaRule>();
  constructor(private readonly set: SigmaRuleSet) {}

  has(rule: CompiledSigmaRule, event: SigmaEvent): boolean {
    if (event.message !== this.message || event.fields !== this.fields) {
      this.message = event.message;
      this.fields = event.fields;
      this.matched = new Set(this.set.matchAll(event));
    }
    return this.matched.has(rule);
  }
}

export function toEngineRules(rules: readonly CompiledSigmaRule[]): CompiledRule[] {
  const shared = new SharedMatches(new SigmaRuleSet(rules));
  return rules.map((rule) =>
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
      matches: (event) => shared.has(rule, event),
    }),
  );
}

/** The shipped Sigma rules (or `dir`'s), ready for the rule engine; null loads none. */
export function loadSigmaRules(dir: string | null = shippedSigmaDir()): SigmaRules {
  if (dir === null) return { rules: [], refused: [] };
  const loaded = loadSigmaDir(dir);
  return { rules: toEngineRules(loaded.rules), refused: loaded.refused };
}
