/**
 * Issue 19: incidents in a cluster role (docs/scaling.md), a PURE function of the cluster's alert
 * states, so two consoles and the analyzers that hold the same states show the same incidents with
 * the same ids, whatever order the states arrived in.
 *
 * The standalone rules (docs/incidents.md, core/alerts/incidents/), replayed over the alerts in
 * the order they started (start time, then fingerprint): an alert joins the newest incident opened
 * by one of its keys (`groupBy`: address, host, service, family) that still takes alerts at its
 * start, else (with `together`) the newest incident opened less than `togetherMs` before it, else
 * it opens one. An incident takes an alert while it had activity within `windowMs` of the alert's
 * start and has not been quiet for `endAfterQuietMs` (an ended episode takes no new alert), and
 * while it holds fewer than `maxAlertsPerIncident`. Its activity is read from its alerts' spans
 * (first to last occurrence): the states hold no finer history.
 *
 * The incident: id from the opening alert's id, occurrence and start; the highest level of its
 * alerts, with the title and trigger of the first alert at that level; its status derived from its
 * alerts (all resolved: resolved; else any open: open; else any acknowledged: acknowledged; else
 * snoozed until the earliest snooze ends); its timeline (opened, joined, escalated) and its audit
 * from its alerts' own audit trails (who and when; one incident action recorded on each of its
 * alerts shows once).
 */
import type { Alert, AuditEntry, Incident, IncidentTimelineEntry } from '../../contract';
import { levelRank } from '../../alerts/candidate';
import { MAX_AUDIT_ENTRIES } from '../../alerts/audit';
import { Evidence } from '../../alerts/evidence';
import { groupKeysOf, hostOf } from '../../alerts/incidents/keys';
import type { IncidentOptions } from '../../alerts/incidents/options';
import { incidentIdOf } from '../../alerts/incidents/incident-query';
import { evictionOrder } from '../../alerts/incidents/incident-record';

interface Group {
  keys: string[];
  start: number;
  members: Alert[];
  /** The latest last occurrence of its alerts. */
  lastSeen: number;
}

/** An alert's grouping keys (keys.ts), its addresses scanned from its samples as the standalone store does. */
export function alertKeys(alert: Alert, options: Pick<IncidentOptions, 'groupBy'>): string[] {
  return groupKeysOf(alert, new Evidence('').seed(alert.samples).topAddresses(), options.groupBy);
}

/** When an alert's current occurrence began. */
export function startOf(alert: Alert): number {
  return alert.reopenedAt ?? alert.firstSeen;
}

function compareStart(x: { at: number; alert: Alert }, y: { at: number; alert: Alert }): number {
  const a = x.alert.fingerprint;
  const b = y.alert.fingerprint;
  return x.at - y.at || (a < b ? -1 : a > b ? 1 : 0);
}

function accepts(group: Group, at: number, options: IncidentOptions): boolean {
  if (group.members.length >= options.maxAlertsPerIncident) return false;
  const quiet = at - Math.min(group.lastSeen, at);
  if (quiet > options.windowMs) return false;
  return !(options.endAfterQuietMs > 0 && quiet >= options.endAfterQuietMs);
}

/**
 * The incidents of these alerts (one state per fingerprint), newest first, at most
 * `maxIncidents` (resolved ones, then the least recently seen, are left out first).
 */
export function groupIncidents(
  alerts: readonly Alert[],
  options: IncidentOptions,
  keysOf: (alert: Alert) => readonly string[] = (alert) => alertKeys(alert, options),
): Incident[] {
  const ordered = alerts.map((alert) => ({ at: startOf(alert), alert })).sort(compareStart);
  const groups: Group[] = [];
  const byKey = new Map<string, Group>();
  for (const { at, alert } of ordered) {
    const keys = [...keysOf(alert)];
    let group: Group | undefined;
    for (const key of keys) {
      const holder = byKey.get(key);
      if (holder !== undefined && accepts(holder, at, options)) {
        group = holder;
        break;
      }
    }
    if (group === undefined && options.groupBy.includes('together')) {
      for (let i = groups.length - 1; i >= 0; i--) {
        const candidate = groups[i]!;
        if (at - candidate.start > options.togetherMs) break; // groups are in start order
        if (accepts(candidate, at, options)) {
          group = candidate;
          break;
        }
      }
    }
    if (group === undefined) {
      group = { keys, start: at, members: [], lastSeen: at };
      groups.push(group);
      for (const key of keys) byKey.set(key, group);
    }
    group.members.push(alert);
    group.lastSeen = Math.max(group.lastSeen, alert.lastSeen);
  }
  const incidents = groups.map((g) => incidentOf(g, options));
  incidents.sort((x, y) => evictionOrder(y, x));
  const kept = incidents.slice(0, options.maxIncidents);
  kept.sort((x, y) => y.lastSeen - x.lastSeen || (x.id < y.id ? -1 : 1));
  return kept;
}

function incidentOf(group: Group, options: IncidentOptions): Incident {
  const opener = group.members[0]!;
  const id = incidentIdOf(`${opener.id}#${opener.occurrence ?? 1}`, group.start);
  let leader = opener;
  const timeline: IncidentTimelineEntry[] = [];
  const services: string[] = [];
  const hosts: string[] = [];
  for (const member of group.members) {
    const at = startOf(member);
    if (member === opener)
      timeline.push({ at, kind: 'opened', alertId: member.id, level: member.level, text: member.title });
    else timeline.push({ at, kind: 'joined', alertId: member.id, level: member.level, text: member.title });
    if (levelRank(member.level) > levelRank(leader.level)) {
      leader = member;
      timeline.push({
        at,
        kind: 'escalated',
        alertId: member.id,
        level: member.level,
        text: `now ${member.level}: ${member.title}`,
      });
    }
    addName(services, member.service, options.maxNames);
    addName(hosts, hostOf(member), options.maxNames);
  }
  const audit = mergedAudit(group.members);
  for (const entry of audit) {
    const kind = TIMELINE_KIND[entry.action];
    if (kind === undefined) continue;
    const text = entry.action === 'note' ? `${entry.who}: ${entry.text ?? ''}` : `by ${entry.who}`;
    timeline.push({ at: entry.at, kind, alertId: null, level: null, text });
  }
  const { status, snoozedUntil } = derivedStatus(group.members);
  return {
    id,
    title: leader.title,
    level: leader.level,
    trigger: leader.trigger,
    status,
    snoozedUntil,
    firstSeen: group.start,
    lastSeen: group.lastSeen,
    occurrence: 1,
    reopenedAt: null,
    services,
    hosts,
    alertIds: group.members.map((m) => m.id),
    alertCount: group.members.length,
    timeline: bounded(
      timeline.sort((x, y) => x.at - y.at),
      options.maxTimeline,
    ),
    // The cluster's states hold counts and spans, not per-minute series: none is made up here.
    perMinute: [],
    audit: bounded(audit, MAX_AUDIT_ENTRIES),
    groupKey: group.keys.join(' ') || `alert=${opener.id}`,
  };
}

const TIMELINE_KIND: Partial<Record<AuditEntry['action'], IncidentTimelineEntry['kind']>> = {
  ack: 'acknowledged',
  snooze: 'snoozed',
  resolve: 'resolved',
  note: 'note',
};

/** The alerts' audit entries, oldest first, each (when, who, what, text) once. */
function mergedAudit(members: readonly Alert[]): AuditEntry[] {
  const seen = new Map<string, AuditEntry>();
  for (const member of members)
    for (const entry of member.audit ?? []) {
      const key = `${entry.at}\u0000${entry.who}\u0000${entry.action}\u0000${entry.text ?? ''}`;
      if (!seen.has(key)) seen.set(key, entry);
    }
  return [...seen.entries()]
    .sort(([kx, x], [ky, y]) => x.at - y.at || (kx < ky ? -1 : kx > ky ? 1 : 0))
    .map(([, entry]) => ({ ...entry }));
}

export function derivedStatus(members: readonly Alert[]): Pick<Incident, 'status' | 'snoozedUntil'> {
  const live = members.filter((m) => m.status !== 'resolved');
  if (live.length === 0) return { status: 'resolved', snoozedUntil: null };
  if (live.some((m) => m.status === 'open')) return { status: 'open', snoozedUntil: null };
  if (live.some((m) => m.status === 'acknowledged')) return { status: 'acknowledged', snoozedUntil: null };
  const until = Math.min(...live.map((m) => m.snoozedUntil ?? Number.POSITIVE_INFINITY));
  return { status: 'snoozed', snoozedUntil: Number.isFinite(until) ? until : null };
}

/** The first entry (how it began) and the latest ones, as the standalone trails keep them. */
function bounded<T>(entries: T[], max: number): T[] {
  return entries.length <= max ? entries : [entries[0]!, ...entries.slice(entries.length - max + 1)];
}

function addName(names: string[], name: string | null, max: number): void {
  if (name !== null && names.length < max && !names.includes(name)) names.push(name);
}
