import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadSigmaDir, shippedSigmaDir } from '../../core/rules/sigma/load';
import { SigmaRuleSet } from '../../core/rules/sigma/rule-set';
import { witnessesFor } from './sigma-witness';

const shipped = loadSigmaDir(shippedSigmaDir());
const ruleSet = new SigmaRuleSet(shipped.rules);

describe('every shipped Sigma rule', () => {
  it('loads, none refused', () => {
    expect(shipped.refused).toEqual([]);
    expect(shipped.rules.length).toBe(91);
  });

  describe.each(shipped.rules.map((rule) => [rule.file, rule] as const))('%s', (file, rule) => {
    const doc = parse(readFileSync(join(shippedSigmaDir(), file), 'utf8')) as {
      detection: Record<string, unknown>;
    };
    const w = witnessesFor(rule.logsource, doc.detection);
    it('matches an event built from its own values', () => {
      expect(rule.matches(w.positive), JSON.stringify(w.positive)).toBe(true);
    });
    it('does not match the same event with its first value replaced', () => {
      expect(rule.matches(w.nearMiss), JSON.stringify(w.nearMiss)).toBe(false);
    });
    it('does not match a benign line of the same format', () => {
      expect(rule.matches(w.baseline), JSON.stringify(w.baseline)).toBe(false);
    });
    it('is found by the rule set exactly when it matches', () => {
      expect(ruleSet.matchAll(w.positive)).toContain(rule);
      expect(ruleSet.matchAll(w.nearMiss)).not.toContain(rule);
      expect(rule.need, 'every shipped rule has a need the rule set can index').not.toBeNull();
    });
  });
});
