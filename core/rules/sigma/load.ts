/**
 * Loading Sigma rule files: every `.yml`/`.yaml` under a folder, each compiled or refused with its
 * file and reason; one bad file never stops the others. Files are read in sorted order, so the
 * result (and the generated report) is the same on every machine.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { packageRoot } from '../../paths';
import { compileSigmaRule } from './compile';
import type { CompiledSigmaRule, SigmaRefusal } from './types';

/** Larger than any real rule (the biggest SigmaHQ rules are ~30 KiB). */
export const MAX_RULE_FILE_BYTES = 256 * 1024;

export interface SigmaLoadResult {
  rules: CompiledSigmaRule[];
  refused: SigmaRefusal[];
}

/** The Sigma rules shipped with Vigil (SigmaHQ, DRL 1.1). */
export const shippedSigmaDir = (): string => join(packageRoot, 'core', 'rules', 'sigma', 'rules');

function refusal(file: string, reason: string): SigmaRefusal {
  return { file, id: null, title: null, author: null, reason };
}

/** Compiles one file's text; `file` names it in rules and refusals. */
export function loadSigmaText(text: string, file: string): SigmaLoadResult {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return { rules: [], refused: [refusal(file, 'the file holds no YAML document')] };
  if (docs.length !== 1) {
    return {
      rules: [],
      refused: [refusal(file, `the file holds ${docs.length} YAML documents; Vigil reads one rule per file`)],
    };
  }
  const doc = docs[0] as (typeof docs)[number];
  if (doc.errors.length > 0) {
    return {
      rules: [],
      refused: [refusal(file, `not valid YAML: ${doc.errors[0]?.message.split('\n')[0] ?? ''}`)],
    };
  }
  const result = compileSigmaRule(doc.toJS({ maxAliasCount: 100 }), file);
  return result.kind === 'loaded'
    ? { rules: [result.rule], refused: [] }
    : { rules: [], refused: [result.refusal] };
}

function ruleFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string): void => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else if (name.endsWith('.yml') || name.endsWith('.yaml')) out.push(path);
    }
  };
  walk(dir);
  return out;
}

/** Loads every rule under `dir`. A later file with an id already loaded is refused as a duplicate. */
export function loadSigmaDir(dir: string): SigmaLoadResult {
  const result: SigmaLoadResult = { rules: [], refused: [] };
  const seen = new Map<string, string>();
  for (const path of ruleFiles(dir)) {
    const file = relative(dir, path).split(sep).join('/');
    if (statSync(path).size > MAX_RULE_FILE_BYTES) {
      result.refused.push(refusal(file, `larger than ${MAX_RULE_FILE_BYTES} bytes`));
      continue;
    }
    let one: SigmaLoadResult;
    try {
      one = loadSigmaText(readFileSync(path, 'utf8'), file);
    } catch (error) {
      one = {
        rules: [],
        refused: [refusal(file, `unreadable: ${error instanceof Error ? error.message : String(error)}`)],
      };
    }
    for (const rule of one.rules) {
      const first = seen.get(rule.id);
      if (first !== undefined) {
        result.refused.push({
          file,
          id: rule.id,
          title: rule.title,
          author: rule.author,
          reason: `duplicate id (also in ${first})`,
        });
        continue;
      }
      seen.set(rule.id, file);
      result.rules.push(rule);
    }
    result.refused.push(...one.refused);
  }
  return result;
}

/**
 * Loads folders in order (the shipped rules first, then a user's): a rule with the id of one loaded
 * from an earlier folder replaces it (the user's rule overrides the shipped one); refusals of every
 * folder are kept, and a refused override leaves the earlier rule in place.
 */
export function loadSigmaDirs(dirs: readonly string[]): SigmaLoadResult {
  const byId = new Map<string, CompiledSigmaRule>();
  const refused: SigmaRefusal[] = [];
  for (const dir of dirs) {
    const one = loadSigmaDir(dir);
    for (const rule of one.rules) {
      byId.delete(rule.id); // re-inserted last: the overriding rule takes the later place
      byId.set(rule.id, rule);
    }
    refused.push(...one.refused);
  }
  return { rules: [...byId.values()], refused };
}
