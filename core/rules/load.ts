/**
 * Loading rule files: every `*.yaml`, `*.yml` and `*.json` of a folder (not recursive), in name
 * order. Each rule is validated and compiled on its own; a broken rule, or a broken file, is refused
 * with its file and reason and everything else still loads. Never throws for bad input.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { compilePackRule, type CompiledRule } from './compiled';
import { PackRule, RuleFile } from './schema';

export interface RuleRefusal {
  file: string;
  /** The refused rule's id when it has a readable one; null when the whole file was refused. */
  ruleId: string | null;
  reason: string;
}

export interface LoadedRule {
  compiled: CompiledRule;
  /** The rule as written (its examples are what the pack tests run). */
  spec: PackRule;
  family: string;
}

export interface LoadedRules {
  rules: LoadedRule[];
  refused: RuleRefusal[];
  files: string[];
}

/** Largest rule file read; a bigger one is refused unread. */
export const MAX_RULE_FILE_BYTES = 2 * 1024 * 1024;
const RULE_FILE = /\.(ya?ml|json)$/i;

function describeZod(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(rule)'}: ${i.message}`)
    .join('; ');
}

/** Parses one file's text (YAML is a superset of JSON, so one parser reads both). */
export function parseRuleText(text: string, file: string, source: 'pack' | 'user'): LoadedRules {
  const out: LoadedRules = { rules: [], refused: [], files: [file] };
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    out.refused.push({
      file,
      ruleId: null,
      reason: `not valid YAML: ${(error as Error).message.split('\n')[0]}`,
    });
    return out;
  }
  const parsed = RuleFile.safeParse(doc);
  if (!parsed.success) {
    out.refused.push({ file, ruleId: null, reason: describeZod(parsed.error) });
    return out;
  }
  const seen = new Set<string>();
  parsed.data.rules.forEach((raw, index) => {
    const rawId =
      typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string'
        ? (raw as { id: string }).id
        : null;
    const rule = PackRule.safeParse(raw);
    if (!rule.success) {
      out.refused.push({ file, ruleId: rawId, reason: `rules[${index}]: ${describeZod(rule.error)}` });
      return;
    }
    if (seen.has(rule.data.id)) {
      out.refused.push({ file, ruleId: rule.data.id, reason: `rules[${index}]: duplicate id in this file` });
      return;
    }
    try {
      const compiled = compilePackRule(rule.data, source, file, parsed.data.references);
      seen.add(rule.data.id);
      out.rules.push({ compiled, spec: rule.data, family: parsed.data.family });
    } catch (error) {
      out.refused.push({ file, ruleId: rule.data.id, reason: (error as Error).message });
    }
  });
  return out;
}

/** Every rule file of `dir`. A missing or unreadable folder is one refusal, not an exception. */
export function loadRuleDir(dir: string, source: 'pack' | 'user'): LoadedRules {
  const out: LoadedRules = { rules: [], refused: [], files: [] };
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => RULE_FILE.test(n))
      .sort();
  } catch (error) {
    out.refused.push({
      file: dir,
      ruleId: null,
      reason: `cannot read the rules folder: ${(error as Error).message}`,
    });
    return out;
  }
  for (const name of names) {
    const path = join(dir, name);
    let text: string;
    try {
      const size = statSync(path).size;
      if (size > MAX_RULE_FILE_BYTES) {
        out.refused.push({
          file: name,
          ruleId: null,
          reason: `file is ${size} bytes, over the ${MAX_RULE_FILE_BYTES}-byte limit`,
        });
        continue;
      }
      text = readFileSync(path, 'utf8');
    } catch (error) {
      out.refused.push({ file: name, ruleId: null, reason: `cannot read: ${(error as Error).message}` });
      continue;
    }
    const one = parseRuleText(text, name, source);
    out.files.push(name);
    out.rules.push(...one.rules);
    out.refused.push(...one.refused);
  }
  // The same id twice across files of one folder: the first (in name order) wins, the other is refused.
  const ids = new Set<string>();
  out.rules = out.rules.filter((r) => {
    if (!ids.has(r.spec.id)) {
      ids.add(r.spec.id);
      return true;
    }
    out.refused.push({
      file: r.compiled.ref.file ?? '',
      ruleId: r.spec.id,
      reason: 'duplicate id: already defined in an earlier file',
    });
    return false;
  });
  return out;
}

/**
 * The shipped pack with the user's rules on top: a user rule with the id of a shipped rule replaces
 * it (same place in the order), other user rules come after the pack.
 */
export function mergeRules(pack: readonly LoadedRule[], user: readonly LoadedRule[]): LoadedRule[] {
  const userById = new Map(user.map((r) => [r.spec.id, r]));
  const merged = pack.map((r) => userById.get(r.spec.id) ?? r);
  const packIds = new Set(pack.map((r) => r.spec.id));
  for (const r of user) if (!packIds.has(r.spec.id)) merged.push(r);
  return merged;
}
