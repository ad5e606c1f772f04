/**
 * The shipped SigmaHQ rules inside the alert decision: every documented line of
 * tests/fixtures/sigma-real-lines.yaml goes through Vigil's parser and the real rule engine (Sigma
 * rules only, no pack), and the alert it raises comes from that Sigma rule, with its id, author and
 * SigmaHQ named; the lines a rule must not match raise nothing from it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { AlertRules } from '../../core/alerts/rules';
import { parseText } from '../../core/parse';
import { RuleEngine } from '../../core/rules/engine';
import { loadRuleSet } from '../../core/rules/pack';
import { loadSigmaDir, shippedSigmaDir } from '../../core/rules/sigma/load';
import { analysis } from './detect-fixtures';

interface Example {
  rule: string;
  source: string;
  line: string;
  match: boolean;
}

const examples = parse(
  readFileSync(join(__dirname, '../fixtures/sigma-real-lines.yaml'), 'utf8'),
) as Example[];
const idOf = new Map(loadSigmaDir(shippedSigmaDir()).rules.map((r) => [r.file, r.id]));
const SIGMA_ONLY = loadRuleSet({ packDir: null });
const META = { topic: 'logs', partition: 0, offset: '0', timestamp: Date.UTC(2023, 9, 11) };

function decide(line: string) {
  const outcome = parseText(line, META);
  if (!outcome.ok) throw new Error(`not parsed: ${outcome.issue.kind}`);
  const alerts = new AlertRules({}, new RuleEngine(SIGMA_ONLY.rules, { perLog: SIGMA_ONLY.perLog }));
  const record = outcome.record;
  const decision = alerts.evaluateLog(record, analysis({ template: record.message, severity: 'info' }), 0);
  return { record, decision };
}

describe('Sigma rules in the alert decision', () => {
  it('loads the shipped Sigma rules into the rule set, counted by source', () => {
    expect(SIGMA_ONLY.status.bySource.sigma).toBe(idOf.size);
    expect(SIGMA_ONLY.status.loaded).toBe(idOf.size);
    expect(SIGMA_ONLY.sigma.every((r) => r.ref.source === 'sigma' && r.ref.author !== undefined)).toBe(true);
  });

  it.each(examples.map((e) => [e.rule, e.match, e] as const))(
    '%s, on a line it should match: %s',
    (_r, _m, e) => {
      const sigmaId = idOf.get(e.rule);
      expect(sigmaId, `${e.rule} is shipped`).toBeDefined();
      const { record, decision } = decide(e.line);
      const matched = (SIGMA_ONLY.perLog?.(record) ?? []).map((r) => r.ref.sigmaId);
      if (e.match) {
        expect(matched, e.source).toContain(sigmaId);
        // The alert comes from a Sigma rule (the most severe of those that matched), provenance kept.
        expect(decision?.ruleRef, e.source).toMatchObject({ source: 'sigma' });
        expect(decision!.reason).toContain('SigmaHQ');
      } else {
        expect(matched, e.source).not.toContain(sigmaId);
      }
    },
  );
});
