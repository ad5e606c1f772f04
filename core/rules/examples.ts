/**
 * Runs a rule's examples the way the engine sees logs: each raw line through Vigil's real parser
 * and template miner, then through the real rule engine. A `match` example must raise the rule at
 * its level (a thresholded rule is fed the line `threshold.count` times within its window; a
 * `none` rule must claim it); a `nomatch` example must not be recognised by the rule at all.
 * The pack's unit test and `npm run rules:check` both use this.
 */
import type { LogRecord } from '../contract';
import { parseText } from '../parse';
import { analysisText } from '../parse/exception';
import { TemplateMiner } from '../patterns/miner';
import { RuleEngine } from './engine';
import type { LoadedRule } from './load';

export interface ExampleFailure {
  ruleId: string;
  file: string;
  kind: 'match' | 'nomatch';
  example: string;
  problem: string;
}

const META = { topic: 'examples', partition: 0, offset: '0', timestamp: 1_700_000_000_000 };

/** The record and template the engine would see for one raw line, or the parser's refusal. */
export function analyzeExample(line: string): { record: LogRecord; template: string } | string {
  const outcome = parseText(line, META);
  if (!outcome.ok) return `the parser refused it (${outcome.issue.kind}: ${outcome.issue.detail})`;
  // The engine mines the text analysisText gives (a stack trace's head and its exception summary,
  // not every frame): the examples must see the template the engine sees.
  const mined = new TemplateMiner().add(analysisText(outcome.record), META.timestamp);
  return { record: outcome.record, template: mined.template };
}

function checkOne(rule: LoadedRule, kind: 'match' | 'nomatch', line: string): string | null {
  const seen = analyzeExample(line);
  if (typeof seen === 'string') return seen;
  const engine = new RuleEngine([rule.compiled]);
  const times = kind === 'match' ? (rule.spec.threshold?.count ?? 1) : 1;
  let decision = null as ReturnType<RuleEngine['evaluate']>;
  for (let i = 0; i < times; i++) decision = engine.evaluate(seen.record, seen.template, META.timestamp + i);
  const shown = `template "${seen.template}", message "${seen.record.message.slice(0, 200)}"`;
  if (kind === 'nomatch') return decision === null ? null : `the rule recognised it (${shown})`;
  if (rule.spec.level === 'none') return decision === 'claimed' ? null : `not claimed (${shown})`;
  if (decision === null || decision === 'claimed') return `no match (${shown})`;
  if (decision.level !== rule.spec.level) return `raised ${decision.level}, expected ${rule.spec.level}`;
  return null;
}

export function checkExamples(rules: readonly LoadedRule[]): ExampleFailure[] {
  const failures: ExampleFailure[] = [];
  for (const rule of rules) {
    const file = rule.compiled.ref.file ?? '';
    for (const kind of ['match', 'nomatch'] as const) {
      for (const example of rule.spec.examples[kind]) {
        const problem = checkOne(rule, kind, example);
        if (problem !== null) failures.push({ ruleId: rule.spec.id, file, kind, example, problem });
      }
    }
  }
  return failures;
}
