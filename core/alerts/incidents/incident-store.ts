/**
 * Incidents: related alerts grouped into one thing to act on, in the spirit of Alertmanager's
 * group_by / group_interval and PagerDuty's alert grouping (docs/incidents.md).
 *
 * Placing an alert (when it is created, or reopens without an incident): it joins the open
 * incident that shares one of its keys (keys.ts, in `groupBy` order) and had an occurrence within
 * `windowMs`; with `together`, else the newest open incident that opened less than `togetherMs`
 * ago; else it opens a new incident, keyed by its own keys (a group's keys are its first alert's,
 * as Alertmanager's group labels are, so groups do not chain into one another).
 *
 * Lifecycle: an incident's level is the highest of its alerts; an alert that raises it escalates
 * the incident (an acknowledged or snoozed incident goes back to open). ack, snooze and resolve
 * apply to the incident and every child alert that is not resolved; a note stays on the incident.
 * When every child is resolved the incident is resolved; when all have been quiet for
 * `endAfterQuietMs` it ends (episodes.ts) and a later firing opens a new incident. A child firing
 * sooner after a resolve reopens the incident (occurrence + 1, `reopenedAt`, timeline and audit).
 * A snoozed incident returns to open when its snooze ends.
 *
 * Costs: placing runs once per new or reopened alert; a repeat is a map lookup and a counter.
 */
import type {
  Alert,
  AlertAction,
  AlertQuery,
  AlertStatus,
  Incident,
  IncidentTimelineEntry,
} from '../../contract';
import type { AlertStore, OccurrenceChange } from '../alert-store';
import { AlertActionError, copyAlert } from '../alert-actions';
import { appendAudit, SYSTEM_ACTOR } from '../audit';
import { levelRank } from '../candidate';
import { IncidentChanges } from './change-tracker';
import {
  addName,
  copyIncident,
  countMinute,
  entryFor,
  evictionOrder,
  highestLevel,
  pushTimeline,
} from './incident-record';
import { groupKeysOf, hostOf } from './keys';
import { DEFAULT_INCIDENT_OPTIONS, type IncidentOptions } from './options';
import { incidentIdOf, matchesQuery } from './incident-query';
import { endEpisode, episodeOver } from './episodes';

/** What the notification policy hears of: an incident opened, rose in level or came back. */
export type IncidentEffect = 'opened' | 'escalated' | 'reopened' | null;

interface Group {
  keys: string[];
  leaderId: string;
  /** When the current occurrence began (opening or reopening), for `together`. */
  startedAt: number;
}

export interface IncidentPersistChanges {
  upserts: Incident[];
  deletes: string[];
}

export class IncidentStore {
  readonly options: IncidentOptions;
  private readonly byId = new Map<string, Incident>();
  private readonly groups = new Map<Incident, Group>();
  /** `kind=value` → the open incident holding that key. */
  private readonly index = new Map<string, Incident>();
  private readonly changes: IncidentChanges;

  constructor(
    private readonly alerts: AlertStore,
    options: Partial<IncidentOptions> = {},
  ) {
    this.options = { ...DEFAULT_INCIDENT_OPTIONS, ...options };
    this.changes = new IncidentChanges(this.options.fullPersistEveryMs);
  }

  /** After a created, escalated or reopened alert: joins, opens, escalates or reopens its incident. */
  place(alert: Alert, change: OccurrenceChange, now: number): { incident: Incident; effect: IncidentEffect } {
    const current = alert.incidentId ? this.byId.get(alert.incidentId) : undefined;
    // A resolved incident quiet for the episode gap has ended: the alert starts a new one.
    const ended =
      current !== undefined &&
      current.status === 'resolved' &&
      episodeOver(current, now, this.options.endAfterQuietMs);
    if (current === undefined || !this.groups.get(current)?.leaderId || ended) {
      const joined = this.joinable(alert, now);
      if (joined === null) return { incident: this.open(alert, now), effect: 'opened' };
      return { incident: joined, effect: this.join(joined, alert, now) };
    }
    this.countOccurrence(current, alert, now);
    if (change === 'reopened' && current.status === 'resolved') {
      this.reopen(current, alert, now);
      return { incident: current, effect: 'reopened' };
    }
    if (change === 'reopened')
      pushTimeline(
        current,
        entryFor(now, 'reopened', alert, 'the alert fired again after it was resolved'),
        this.options.maxTimeline,
      );
    const effect = this.raise(current, alert, now);
    this.touch(current, true);
    return { incident: current, effect };
  }

  /** A repeated occurrence: counts it on its incident (placing an alert that has none, silently). */
  count(alert: Alert, now: number): void {
    const incident = alert.incidentId ? this.byId.get(alert.incidentId) : undefined;
    if (incident === undefined) {
      this.place(alert, 'repeated', now);
      return;
    }
    this.countOccurrence(incident, alert, now);
    this.changes.touch(incident, false);
  }

  /** After an action on a single alert: a note shows on the timeline; the last resolve resolves the incident. */
  afterAlertAction(alert: Alert, action: AlertAction, now: number, who: string): void {
    const incident = alert.incidentId ? this.byId.get(alert.incidentId) : undefined;
    if (incident === undefined) return;
    if (action.action === 'note')
      pushTimeline(
        incident,
        entryFor(now, 'note', alert, `${who}: ${action.text}`),
        this.options.maxTimeline,
      );
    this.resolveIfDone(incident, now);
    this.touch(incident, true);
  }

  /** Snooze expiry, ended episodes and incidents whose alerts are all resolved (auto-resolve included). */
  tick(now: number): void {
    const gap = this.options.endAfterQuietMs;
    for (const incident of this.byId.values()) {
      if (incident.status === 'resolved') continue;
      if (episodeOver(incident, now, gap)) endEpisode(this, this.alerts, incident, now, gap);
      else if (incident.snoozedUntil !== null && incident.snoozedUntil <= now) {
        this.setStatus(incident, 'open', null);
        this.touch(incident, true);
      }
      if (this.resolveIfDone(incident, now)) this.touch(incident, true);
    }
  }

  get(id: string): Incident | undefined {
    return this.byId.get(id);
  }

  get size(): number {
    return this.byId.size;
  }

  /** The incident and its alerts (fresh reasons), as copies. */
  detail(id: string, now: number): { incident: Incident; alerts: Alert[] } {
    const incident = this.byId.get(id);
    if (incident === undefined) throw new AlertActionError('not_found', `no incident with id ${id}`);
    return {
      incident: copyIncident(incident),
      alerts: this.children(incident).map((a) => copyAlert(this.alerts.freshen(a, now))),
    };
  }

  /** Incidents matching the query (the alert filters: level, trigger, status, service), newest first. */
  list(query: AlertQuery): Incident[] {
    const out = Array.from(this.byId.values()).filter((i) => matchesQuery(i, query));
    out.sort((x, y) => y.lastSeen - x.lastSeen || (x.id < y.id ? -1 : 1));
    return out.slice(0, query.limit ?? 1000).map(copyIncident);
  }

  /** The alert that leads the incident (the highest level, the earliest at it). */
  leaderOf(incident: Incident): Alert | undefined {
    return this.alerts.get(this.groups.get(incident)?.leaderId ?? '');
  }

  drainChanged(): Incident[] {
    return this.changes.drainUi();
  }

  /** Changed incidents for the history (see change-tracker.ts). */
  drainPersist(now: number): IncidentPersistChanges {
    return this.changes.drainDisk(now);
  }

  all(): Incident[] {
    return Array.from(this.byId.values(), copyIncident);
  }

  /** Replaces the content with incidents loaded from history; children must be restored first. */
  restore(incidents: readonly Incident[]): void {
    this.byId.clear();
    this.groups.clear();
    this.index.clear();
    this.changes.clear();
    for (const loaded of incidents) {
      const incident = copyIncident(loaded);
      const children = incident.alertIds.map((id) => this.alerts.get(id)).filter((a) => a !== undefined);
      const leader = highestLevel(children);
      if (leader === undefined) continue; // its alerts are gone: nothing to show or act on
      const keys = groupKeysOf(leader, this.alerts.addressesOf(leader), this.options.groupBy);
      this.byId.set(incident.id, incident);
      this.groups.set(incident, {
        keys,
        leaderId: leader.id,
        startedAt: incident.reopenedAt ?? incident.firstSeen,
      });
      if (incident.status !== 'resolved') this.indexKeys(incident, keys);
    }
    for (const alert of this.alerts.all()) {
      if (alert.incidentId && !this.byId.has(alert.incidentId)) alert.incidentId = null;
    }
    this.evictIfFull();
  }

  private joinable(alert: Alert, now: number): Incident | null {
    const keys = groupKeysOf(alert, this.alerts.addressesOf(alert), this.options.groupBy);
    for (const key of keys) {
      const incident = this.index.get(key);
      if (incident !== undefined && this.accepts(incident, now)) return incident;
    }
    if (!this.options.groupBy.includes('together')) return null;
    let newest: Incident | null = null;
    for (const incident of this.byId.values()) {
      const group = this.groups.get(incident)!;
      if (now - group.startedAt > this.options.togetherMs || !this.accepts(incident, now)) continue;
      if (newest === null || group.startedAt > this.groups.get(newest)!.startedAt) newest = incident;
    }
    return newest;
  }

  private accepts(incident: Incident, now: number): boolean {
    return (
      incident.status !== 'resolved' &&
      now - incident.lastSeen <= this.options.windowMs &&
      !episodeOver(incident, now, this.options.endAfterQuietMs) &&
      incident.alertIds.length < this.options.maxAlertsPerIncident
    );
  }

  private open(alert: Alert, now: number): Incident {
    const keys = groupKeysOf(alert, this.alerts.addressesOf(alert), this.options.groupBy);
    const incident: Incident = {
      id: incidentIdOf(alert.id, now),
      title: alert.title,
      level: alert.level,
      trigger: alert.trigger,
      status: 'open',
      snoozedUntil: null,
      firstSeen: now,
      lastSeen: now,
      occurrence: 1,
      reopenedAt: null,
      services: [],
      hosts: [],
      alertIds: [],
      alertCount: 0,
      timeline: [],
      perMinute: [],
      audit: [],
      groupKey: keys.join(' ') || `alert=${alert.id}`,
    };
    this.byId.set(incident.id, incident);
    this.groups.set(incident, { keys, leaderId: alert.id, startedAt: now });
    this.indexKeys(incident, keys);
    pushTimeline(incident, entryFor(now, 'opened', alert, alert.title), this.options.maxTimeline);
    this.adopt(incident, alert, now);
    this.touch(incident, true);
    if (this.byId.size > this.options.maxIncidents) this.evictIfFull(incident);
    return incident;
  }

  private join(incident: Incident, alert: Alert, now: number): IncidentEffect {
    pushTimeline(incident, entryFor(now, 'joined', alert, alert.title), this.options.maxTimeline);
    this.adopt(incident, alert, now);
    const effect = this.raise(incident, alert, now);
    this.touch(incident, true);
    return effect;
  }

  private adopt(incident: Incident, alert: Alert, now: number): void {
    incident.alertIds.push(alert.id);
    incident.alertCount = incident.alertIds.length;
    addName(incident.services, alert.service, this.options.maxNames);
    addName(incident.hosts, hostOf(alert), this.options.maxNames);
    alert.incidentId = incident.id;
    this.alerts.markChanged(alert);
    this.countOccurrence(incident, alert, now);
  }

  /** The alert's level above the incident's: the incident escalates and wakes up. */
  private raise(incident: Incident, alert: Alert, now: number): IncidentEffect {
    if (levelRank(alert.level) <= levelRank(incident.level)) return null;
    incident.level = alert.level;
    incident.title = alert.title;
    incident.trigger = alert.trigger;
    this.groups.get(incident)!.leaderId = alert.id;
    pushTimeline(
      incident,
      entryFor(now, 'escalated', alert, `now ${alert.level}: ${alert.title}`),
      this.options.maxTimeline,
    );
    if (incident.status !== 'open' && incident.status !== 'resolved') this.setStatus(incident, 'open', null);
    return 'escalated';
  }

  private reopen(incident: Incident, alert: Alert, now: number): void {
    incident.occurrence += 1;
    incident.reopenedAt = now;
    this.setStatus(incident, 'open', null);
    const group = this.groups.get(incident)!;
    group.startedAt = now;
    this.indexKeys(incident, group.keys);
    const text = `${alert.title} fired again after the incident was resolved (occurrence ${incident.occurrence})`;
    appendAudit(incident.audit, now, SYSTEM_ACTOR, 'reopen', text);
    pushTimeline(incident, entryFor(now, 'reopened', alert, text), this.options.maxTimeline);
    if (levelRank(alert.level) > levelRank(incident.level)) this.raise(incident, alert, now);
    this.touch(incident, true);
  }

  private resolveIfDone(incident: Incident, now: number): boolean {
    if (incident.status === 'resolved') return false;
    if (this.children(incident).some((a) => a.status !== 'resolved')) return false;
    this.setStatus(incident, 'resolved', null);
    appendAudit(incident.audit, now, SYSTEM_ACTOR, 'resolve', 'all of its alerts are resolved');
    pushTimeline(
      incident,
      { at: now, kind: 'resolved', alertId: null, level: null, text: 'all of its alerts are resolved' },
      this.options.maxTimeline,
    );
    return true;
  }

  /** Appends a timeline entry and marks the incident changed (for incident-actions.ts). */
  addEntry(incident: Incident, entry: IncidentTimelineEntry): void {
    pushTimeline(incident, entry, this.options.maxTimeline);
    this.touch(incident, true);
  }

  /** Sets the status; a resolved incident leaves the grouping index (for incident-actions.ts). */
  setStatus(incident: Incident, status: AlertStatus, snoozedUntil: number | null): void {
    incident.status = status;
    incident.snoozedUntil = snoozedUntil;
    if (status === 'resolved') {
      for (const key of this.groups.get(incident)?.keys ?? [])
        if (this.index.get(key) === incident) this.index.delete(key);
    }
  }

  private countOccurrence(incident: Incident, alert: Alert, now: number): void {
    if (now > incident.lastSeen) incident.lastSeen = now;
    countMinute(incident, now, this.options.perMinuteMinutes);
    if (hostOf(alert) !== null && addName(incident.hosts, hostOf(alert), this.options.maxNames))
      this.touch(incident, true);
  }

  private indexKeys(incident: Incident, keys: readonly string[]): void {
    for (const key of keys) {
      const holder = this.index.get(key);
      if (holder === undefined || holder.status === 'resolved' || holder.lastSeen < incident.lastSeen)
        this.index.set(key, incident);
    }
  }

  /** Its alerts still in the store and still its own (one that fired after it ended is a newer one's). */
  children(incident: Incident): Alert[] {
    const out: Alert[] = [];
    for (const id of incident.alertIds) {
      const alert = this.alerts.get(id);
      if (alert !== undefined && alert.incidentId === incident.id) out.push(alert);
    }
    return out;
  }

  private touch(incident: Incident, full: boolean): void {
    this.changes.touch(incident, full);
  }

  /** Trims to 90 % of the cap: resolved first, then by oldest lastSeen. `keep` is never evicted. */
  private evictIfFull(keep?: Incident): void {
    if (this.byId.size <= this.options.maxIncidents) return;
    const target = Math.max(1, Math.floor(this.options.maxIncidents * 0.9));
    const victims = Array.from(this.byId.values()).filter((i) => i !== keep);
    victims.sort(evictionOrder);
    for (const victim of victims) {
      if (this.byId.size <= target) break;
      this.setStatus(victim, 'resolved', null);
      for (const child of this.children(victim)) {
        if (child.incidentId !== victim.id) continue;
        child.incidentId = null;
        this.alerts.markChanged(child);
      }
      this.byId.delete(victim.id);
      this.groups.delete(victim);
      this.changes.forget(victim);
    }
  }
}
