/**
 * The engine's rule set at start: the shipped pack (core/rules/pack, or VIGIL_RULE_PACK_DIR) with
 * the user's folder on top, and a status saying what loaded and what was refused, and why.
 */
import { join } from 'node:path';
import type { RulesStatus } from '../contract';
import { packageRoot } from '../paths';
import type { CompiledRule } from './compiled';
import type { PerLogRules } from './engine';
import { loadRuleDir, mergeRules, type LoadedRule, type LoadedRules } from './load';
import { loadSigmaRules } from './sigma-rules';
import { shippedSigmaDir } from './sigma/load';

export const defaultRulePackDir = (): string =>
  process.env.VIGIL_RULE_PACK_DIR ?? join(packageRoot, 'core', 'rules', 'pack');

export interface RuleSet {
  /** Pack and user rules (decided per template, then per log). */
  rules: CompiledRule[];
  /** The Sigma rules, decided on each log in one pass (RuleEngine option `perLog`); null: none. */
  perLog: PerLogRules | null;
  sigma: CompiledRule[];
  loaded: LoadedRule[];
  status: RulesStatus;
}

export interface RuleSetOptions {
  /** The shipped pack; null loads none (tests of the fallbacks alone). */
  packDir?: string | null;
  /** The user's folder (Settings `rulesDir`, `--rules DIR`). */
  userDir?: string | null;
  /**
   * The SigmaHQ rules (core/rules/sigma/rules); null loads none. The rules it refuses, and why, are
   * listed in docs/sigma-rules.md, not in the status.
   */
  sigmaDir?: string | null;
}

export function loadRuleSet(options: RuleSetOptions = {}): RuleSet {
  const packDir = options.packDir === undefined ? defaultRulePackDir() : options.packDir;
  const userDir = options.userDir ?? null;
  const empty: LoadedRules = { rules: [], refused: [], files: [] };
  const pack = packDir === null ? empty : loadRuleDir(packDir, 'pack');
  const user = userDir === null ? empty : loadRuleDir(userDir, 'user');
  const packIds = new Set(pack.rules.map((r) => r.spec.id));
  const loaded = mergeRules(pack.rules, user.rules);
  const sigma = loadSigmaRules(options.sigmaDir === undefined ? shippedSigmaDir() : options.sigmaDir);
  const bySource: Record<string, number> = {};
  for (const r of loaded) bySource[r.compiled.ref.source] = (bySource[r.compiled.ref.source] ?? 0) + 1;
  if (sigma.rules.length > 0) bySource.sigma = sigma.rules.length;
  return {
    rules: loaded.map((r) => r.compiled),
    perLog: sigma.perLog,
    sigma: sigma.rules,
    loaded,
    status: {
      loaded: loaded.length + sigma.rules.length,
      bySource,
      userDir,
      overridden: user.rules.filter((r) => packIds.has(r.spec.id)).map((r) => r.spec.id),
      refused: [
        ...pack.refused.map((r) => ({ source: 'pack' as const, ...r })),
        ...user.refused.map((r) => ({ source: 'user' as const, ...r })),
      ],
    },
  };
}
