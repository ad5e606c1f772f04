/** Helpers for the Sigma tests: compile a rule from a detection written inline. */
import { stringify } from 'yaml';
import { loadSigmaText } from '../../core/rules/sigma/load';
import type { CompiledSigmaRule, SigmaEvent } from '../../core/rules/sigma/types';

export type Logsource = Record<string, string>;

export const LINUX: Logsource = { product: 'linux' };
export const WEBSERVER: Logsource = { category: 'webserver' };
export const PROXY: Logsource = { category: 'proxy' };

export function ruleText(
  detection: Record<string, unknown>,
  logsource: Logsource = LINUX,
  extra = {},
): string {
  return stringify({
    title: 'Test rule',
    id: '00000000-0000-4000-8000-000000000001',
    author: 'Vigil tests',
    logsource,
    detection,
    level: 'high',
    tags: ['attack.t1190'],
    ...extra,
  });
}

/** Compiles; throws with the refusal reason when the rule is refused. */
export function compile(
  detection: Record<string, unknown>,
  logsource?: Logsource,
  extra = {},
): CompiledSigmaRule {
  const result = loadSigmaText(ruleText(detection, logsource, extra), 'test.yml');
  const refused = result.refused[0];
  if (refused !== undefined) throw new Error(`refused: ${refused.reason}`);
  return result.rules[0] as CompiledSigmaRule;
}

/** The refusal reason (fails the test when the rule loads). */
export function refusal(detection: Record<string, unknown>, logsource?: Logsource, extra = {}): string {
  const result = loadSigmaText(ruleText(detection, logsource, extra), 'test.yml');
  const refused = result.refused[0];
  if (refused === undefined) throw new Error('expected a refusal, but the rule loaded');
  return refused.reason;
}

export function msg(message: string, fields: SigmaEvent['fields'] = {}): SigmaEvent {
  return { message, fields };
}

export function ev(fields: SigmaEvent['fields'], message = ''): SigmaEvent {
  return { message, fields };
}
