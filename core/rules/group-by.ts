/**
 * Where an alert groups: the fields beside the rule (or template) that separate one alert from
 * another (docs/detection.md, "Alert grouping"). The default is the service and the host, so the
 * same failure on two hosts, or in two services of one host, is two alerts.
 *
 * PAM sub-modules: a syslog program written `sshd(pam_unix)` (PAM's own lines for sshd) is the
 * service `sshd` for grouping, so the sshd and pam_unix lines of one attack on one host are one
 * alert. Only a `(pam_…)` suffix is removed; the logs keep their service as written.
 */
import type { LogRecord } from '../contract';

/** `service`, `host`, `field:<name>` (a record field, e.g. `field:source.ip`) or `match:<group>`. */
export type GroupField = string;

export const DEFAULT_GROUP_BY: readonly GroupField[] = Object.freeze(['service', 'host']);

const PAM_SUFFIX = /^(.+?)\(pam_[A-Za-z0-9_]+\)$/;

/** `sshd(pam_unix)` → `sshd`; any other service as it is. */
export function groupService(service: string | null): string | null {
  if (service === null || service.charCodeAt(service.length - 1) !== 41 /* ) */) return service;
  const m = PAM_SUFFIX.exec(service);
  return m === null ? service : m[1]!;
}

/** The value a log has for a group field ('' when it has none). */
export function groupValue(
  groupBy: GroupField,
  record: LogRecord,
  captures: Readonly<Record<string, string>> | null,
): string {
  if (groupBy === 'service') return groupService(record.service) ?? record.host ?? '';
  if (groupBy === 'host') return record.host ?? groupService(record.service) ?? '';
  if (groupBy.startsWith('field:')) {
    const v = record.fields[groupBy.slice(6)];
    return v === undefined || v === null ? '' : String(v);
  }
  return captures?.[groupBy.slice(6)] ?? '';
}
