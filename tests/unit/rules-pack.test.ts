/**
 * The shipped rule pack: every file loads, and every example of every rule goes through the real
 * parser, the real template miner and the real rule engine with the expected outcome. A failure
 * names the rule, its file, the example and what the engine saw.
 */
import { describe, expect, it } from 'vitest';
import { checkExamples, defaultRulePackDir, loadRuleDir } from '../../core/rules';

const pack = loadRuleDir(defaultRulePackDir(), 'pack');

describe('shipped rule pack', () => {
  it('loads every file without a refused rule', () => {
    expect(pack.refused).toEqual([]);
    expect(pack.files.length).toBeGreaterThanOrEqual(15);
  });

  it('covers at least 15 software families', () => {
    const families = new Set(pack.rules.map((r) => r.family));
    expect(families.size).toBeGreaterThanOrEqual(15);
  });

  it('gives every rule advice and at least one reference', () => {
    for (const r of pack.rules) {
      expect(r.compiled.ref.references.length, r.spec.id).toBeGreaterThan(0);
      expect(r.spec.advice.length, r.spec.id).toBeGreaterThan(40);
    }
  });

  it('decides every rule per template or per cheap field test, never by a message regex alone', () => {
    const perLogOnly = pack.rules
      .filter(
        (r) =>
          r.spec.match.template === undefined &&
          r.spec.match.fields === undefined &&
          r.spec.match.error === undefined,
      )
      .map((r) => r.spec.id);
    expect(perLogOnly).toEqual([]);
  });

  describe.each(pack.rules.map((r) => [r.spec.id, r] as const))('rule %s', (_id, rule) => {
    it('matches each of its match examples and none of its nomatch examples', () => {
      const failures = checkExamples([rule]).map(
        (f) => `${f.file} ${f.ruleId} ${f.kind} example "${f.example.slice(0, 160)}": ${f.problem}`,
      );
      expect(failures).toEqual([]);
    });
  });
});
