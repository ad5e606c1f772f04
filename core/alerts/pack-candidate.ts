/**
 * A rule-engine hit (pack, user or Sigma rule) → an alert candidate. Rule alerts group by rule id
 * (and by the threshold's group value, e.g. one port-scan alert per source address), not by
 * template: one incident that logs several shapes of the same failure stays one alert. Beside
 * that they group by the rule's `groupBy` (default service and host); its fields other than
 * service and host (`field:…`, `match:…`) join the group key.
 */
import type { AlertRuleRef, LogRecord } from '../contract';
import { groupValue, renderReason, renderTitle, type RuleHit } from '../rules';
import type { AlertCandidate } from './candidate';
import { sampleRefOf } from './sample-ref';

export function candidateFromHit(
  hit: RuleHit,
  record: LogRecord,
  templateId: string,
  template: string,
): AlertCandidate {
  const id = hit.rule.ref.id;
  let groupKey = hit.group === null || hit.group === '' ? `rule:${id}` : `rule:${id}:${hit.group}`;
  const threshold = hit.rule.threshold?.groupBy;
  for (const field of hit.rule.groupBy) {
    if (field === 'service' || field === 'host' || field === threshold) continue;
    groupKey += `|${field}=${groupValue(field, record, hit.captures)}`;
  }
  return {
    rule: id,
    level: hit.level,
    trigger: hit.rule.trigger,
    // Rendered only when read: the store reads them when an alert is created, escalated or
    // reopened, not for each repeat of an open alert (most rule hits in an incident).
    get title() {
      return renderTitle(hit, record);
    },
    get reason() {
      return renderReason(hit, record);
    },
    groupKey,
    service: record.service,
    topic: record.topic,
    host: record.host,
    groupBy: hit.rule.groupBy,
    groupKind: 'rule',
    templateId,
    template,
    sample: record.message,
    sampleRef: sampleRefOf(record),
    ruleRef: hit.rule.ref,
  };
}

/** Provenance of Vigil's built-in fallback rules (LOG_RULES, SIGNAL_RULES). */
export function builtinRef(name: string, title: string): AlertRuleRef {
  return {
    id: `builtin.${name}`,
    source: 'builtin',
    file: null,
    title,
    author: null,
    sigmaId: null,
    advice: null,
    references: [],
  };
}
