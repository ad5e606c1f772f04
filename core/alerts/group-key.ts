/**
 * The grouping key of an alert candidate: which occurrences are one alert (docs/detection.md,
 * "Alert grouping"). A rule decides the "what" (its template, its own id, the exception, the
 * detector key: `groupKey`) and the "where" (`groupBy`, default service and host; a rule-pack rule
 * may state its own). The service is grouped with PAM sub-modules folded into their program
 * (`sshd(pam_unix)` → `sshd`, core/rules/group-by.ts), so one attack logged by sshd and by its PAM
 * module on one host is one alert, while the same attack on two hosts is two.
 */
import type { LogRecord } from '../contract';
import { groupService, groupValue } from '../rules/group-by';
import { fingerprintOf, type AlertCandidate } from './candidate';

/** What a candidate without `groupBy` groups by (alerts written before grouping knew hosts). */
const LEGACY_GROUP_BY: readonly string[] = Object.freeze(['service']);

export function groupByOf(c: AlertCandidate): readonly string[] {
  return c.groupBy ?? LEGACY_GROUP_BY;
}

/** The service an alert of this candidate is about (the grouping service when it groups by service). */
export function alertService(c: AlertCandidate): string | null {
  return groupService(c.service);
}

/** The candidate's fingerprint: trigger (or `exception`), groupKey, and its service/host when grouped by them. */
export function fingerprintFor(c: AlertCandidate): string {
  const by = groupByOf(c);
  const service = by.includes('service') ? groupService(c.service) : null;
  const host = by.includes('host') ? (c.host ?? null) : null;
  return fingerprintOf(c.byException === true ? 'exception' : c.trigger, c.groupKey, service, host);
}

/** The alert's `groupBy`: what its key is made of, e.g. `['template', 'service', 'host']`. */
export function groupFields(c: AlertCandidate): string[] {
  const kind =
    c.byException === true ? 'exception' : (c.groupKind ?? (c.templateId === null ? 'rule' : 'template'));
  return [kind, ...groupByOf(c)];
}

/** The burst counter's key: the values of the burst rule's grouping fields (service and host by default). */
export function burstKey(groupBy: readonly string[], record: LogRecord): string {
  if (groupBy.length === 2 && groupBy[0] === 'service' && groupBy[1] === 'host')
    return `${groupService(record.service) ?? ''}\u0000${record.host ?? ''}`;
  return groupBy.map((g) => groupValue(g, record, null)).join('\u0000');
}

/** `|field:x=value` for each grouping field beyond service and host. */
export function extraKey(fields: readonly string[], record: LogRecord): string {
  let out = '';
  for (const f of fields) out += `|${f}=${groupValue(f, record, null)}`;
  return out;
}
