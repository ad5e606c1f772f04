/**
 * Sigma's `level` and `tags` onto Vigil's level and trigger. Sigma's levels read as Vigil's ladder
 * does (specification, "Level"): `critical` "indicates an incident … probability borders
 * certainty" (Vigil critical: an active attack in progress), `high` "requires a prompt review"
 * (a person now), `medium` "should be reviewed" (a risk), `low` "notable, rarely an incident"
 * (worth a look). `informational` rules are for enrichment and "no alerting should be triggered":
 * Vigil refuses them. A rule with no level is low.
 */
import type { AlertLevel, AlertTrigger } from '../../contract';
import { refuse } from './refusal';
import { SIGMA_LEVELS, type SigmaLevel } from './types';

const LEVELS: Readonly<Record<Exclude<SigmaLevel, 'informational'>, AlertLevel>> = {
  critical: 'critical',
  high: 'high',
  medium: 'medium',
  low: 'low',
};

export function sigmaLevelOf(raw: unknown): SigmaLevel {
  if (raw === undefined || raw === null) return 'low';
  if (typeof raw !== 'string' || !(SIGMA_LEVELS as readonly string[]).includes(raw)) {
    return refuse(`level ${JSON.stringify(raw)} is not a Sigma level`);
  }
  return raw as SigmaLevel;
}

export function vigilLevelOf(level: SigmaLevel): AlertLevel {
  if (level === 'informational') {
    return refuse('level informational: Sigma says such rules enrich events and raise no alert');
  }
  return LEVELS[level];
}

/**
 * ATT&CK (`attack.*`) and CVE (`cve.*`) tags mark an attack: `security`. Anything else a Sigma rule
 * finds (an application error, a crash message) is a `system_error`.
 */
export function triggerOf(tags: readonly string[]): AlertTrigger {
  return tags.some((t) => t.startsWith('attack.') || t.startsWith('cve.')) ? 'security' : 'system_error';
}
