/**
 * Where an alert happened: per-host, per-service and per-topic occurrence counts of its evidence
 * (`Alert.hosts`, `services`, `topics`), its main `host`, and the templates of its evidence
 * (`Alert.templates`, i18: what links an alert to its patterns). Bounded: at most
 * MAX_LOCATION_VALUES entries each; once full, further values are counted together in one
 * `(other)` entry (the last slot), so the totals still add up to `count`.
 *
 * Cost: a linear scan of at most 20 entries per list per occurrence, no allocation for a value
 * already listed; lists are kept busiest first by moving an entry up when it overtakes its
 * neighbours, so the list is busiest first (ties in order of arrival).
 */
import { MAX_LOCATION_VALUES, type Alert, type LocationCount } from '../contract';
import type { AlertCandidate } from './candidate';

export const OTHER_LOCATION = '(other)';

function bump(list: LocationCount[], value: string | null | undefined): void {
  if (value === null || value === undefined) return;
  for (let i = 0; i < list.length; i++) {
    const entry = list[i]!;
    if (entry.value !== value) continue;
    entry.count += 1;
    // Move up past the entries it now outnumbers (usually none: the busiest are already first).
    while (i > 0 && list[i - 1]!.count < entry.count && entry.value !== OTHER_LOCATION) {
      list[i] = list[i - 1]!;
      list[i - 1] = entry;
      i--;
    }
    return;
  }
  if (list.length < MAX_LOCATION_VALUES - 1) {
    list.push({ value, count: 1 });
    return;
  }
  const last = list[list.length - 1];
  if (list.length === MAX_LOCATION_VALUES && last !== undefined && last.value === OTHER_LOCATION) {
    last.count += 1;
    return;
  }
  list.push({ value: OTHER_LOCATION, count: 1 });
}

/** Counts one occurrence of `c` into the alert's location lists (creating them on older alerts). */
export function countLocation(alert: Alert, c: AlertCandidate, groupsByHost: boolean): void {
  const hosts = (alert.hosts ??= []);
  bump(hosts, c.host);
  bump((alert.services ??= []), c.service);
  bump((alert.topics ??= []), c.topic);
  bump((alert.templates ??= []), c.logTemplateId ?? c.templateId);
  if (groupsByHost) {
    alert.host ??= c.host ?? null;
  } else {
    const top = hosts[0];
    alert.host = top === undefined || top.value === OTHER_LOCATION ? null : top.value;
  }
}

/** Deep copies of the location lists (their entries are mutated by later occurrences). */
export function copyLocation(alert: Alert): Partial<Alert> {
  const out: Partial<Alert> = {};
  if (alert.hosts !== undefined) out.hosts = alert.hosts.map(copyEntry);
  if (alert.services !== undefined) out.services = alert.services.map(copyEntry);
  if (alert.topics !== undefined) out.topics = alert.topics.map(copyEntry);
  if (alert.templates !== undefined) out.templates = alert.templates.map(copyEntry);
  if (alert.groupBy !== undefined) out.groupBy = alert.groupBy.slice();
  return out;
}

function copyEntry(e: LocationCount): LocationCount {
  return { value: e.value, count: e.count };
}

/**
 * The template ids of an alert's evidence, busiest first (without `(other)`); an alert written
 * before `templates` was kept has its own `templateId` at most.
 */
export function templateIdsOf(alert: Alert): string[] {
  const ids: string[] = [];
  for (const t of alert.templates ?? []) if (t.value !== OTHER_LOCATION) ids.push(t.value);
  if (alert.templateId !== null && !ids.includes(alert.templateId)) ids.push(alert.templateId);
  return ids;
}
