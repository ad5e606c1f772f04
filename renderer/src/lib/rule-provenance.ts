/**
 * How the console names the rule behind an alert: its id, where it comes from (the shipped pack's
 * file, the user's file, a Sigma rule with its id and author and SigmaHQ named, as DRL 1.1 asks, or
 * a built-in fallback), its advice and references.
 */
import type { AlertRuleRef } from '../../../core/contract';

export interface RuleProvenance {
  id: string;
  origin: string;
  advice: string | null;
  /** Only http(s) addresses are kept. */
  references: string[];
}

export function describeRule(rule: AlertRuleRef): RuleProvenance {
  let origin: string;
  switch (rule.source) {
    case 'pack':
      origin = `Vigil rule pack${rule.file === null ? '' : `, ${rule.file}`}`;
      break;
    case 'user':
      origin = `Your rules${rule.file === null ? '' : `, ${rule.file}`}`;
      break;
    case 'sigma':
      origin =
        `Sigma rule ${rule.sigmaId ?? rule.id} by ${rule.author ?? 'unknown author'}` +
        ` (SigmaHQ, Detection Rule License 1.1)${rule.file === null ? '' : `, ${rule.file}`}`;
      break;
    case 'builtin':
      origin = 'Built-in fallback (no pack rule recognised this log)';
      break;
  }
  return {
    id: rule.id,
    origin,
    advice: rule.advice,
    references: rule.references.filter((r) => /^https?:\/\//i.test(r)),
  };
}
