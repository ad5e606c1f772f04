/**
 * Issue 19: a role's incidents (docs/scaling.md), a view over the cluster's alerts: grouped by the
 * pure `groupIncidents` (incident-grouping.ts), recomputed when the alerts change, at most once per
 * `recomputeMs` (batched: never per record; 1 s on a console, 5 s on an analyzer, where it shares
 * the thread with the analysis), or at once when a command asks while it is stale. Changed incidents
 * are drained for the window's `incidents` events.
 *
 * Notifications (a console's): once the alerts topic's backlog has been read (`caughtUp`), an
 * incident that appears is offered to the engine's notification policy as the standalone store
 * does (incident-notice.ts), and again when its level rises; never for a joining alert. Incidents
 * of the backlog materialized at start are the baseline, not news.
 */
import type { Alert, AlertQuery, Incident } from '../../contract';
import { levelRank } from '../../alerts/candidate';
import { incidentNotice, noticeKey } from '../../alerts/incidents/incident-notice';
import { matchesQuery } from '../../alerts/incidents/incident-query';
import type { IncidentOptions } from '../../alerts/incidents/options';
import type { NotificationPolicy } from '../../alerts/notification-policy';
import { EngineError } from '../errors';
import { alertKeys, groupIncidents } from './incident-grouping';
import type { ClusterAlerts } from './role-runtime';

export interface ClusterIncidentsOptions {
  options: IncidentOptions;
  now?: () => number;
  /** The engine's notification policy (a console's); absent: this view notifies nothing. */
  policy?: Pick<NotificationPolicy, 'offer' | 'withdraw'> | null;
  /** Calls back once the alerts topic's backlog has been read (before that, nothing notifies; absent: at start). */
  whenCaughtUp?: (listener: () => void) => void;
  /** Shortest time between two recomputations driven by alert changes (default 1 s). */
  recomputeMs?: number;
}

export class ClusterIncidents {
  private incidents: Incident[] = [];
  private byId = new Map<string, Incident>();
  private readonly signatures = new Map<string, string>();
  private readonly changed = new Map<string, Incident>();
  private readonly keys = new Map<string, KeyInputs & { keys: string[] }>();
  private alertsById = new Map<string, Alert>();
  private stale = true;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  /** Set once the backlog has been read and grouped: from then on, changes notify. */
  private baseline = false;
  private readonly now: () => number;
  /** How many times the incidents were recomputed (tests and the status). */
  recomputations = 0;

  constructor(
    private readonly alerts: ClusterAlerts,
    private readonly settings: ClusterIncidentsOptions,
  ) {
    this.now = settings.now ?? Date.now;
  }

  start(): void {
    this.unsubscribe = this.alerts.onChange(() => this.markStale());
    this.refresh();
    const whenCaughtUp = this.settings.whenCaughtUp;
    if (whenCaughtUp === undefined) this.baseline = true;
    else
      whenCaughtUp(() => {
        // The incidents of the backlog, as they stand now: the baseline, not news.
        this.refresh();
        this.baseline = true;
      });
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The alerts changed: recompute soon, once for however many changes arrive meanwhile. */
  markStale(): void {
    this.stale = true;
    if (this.timer !== null || this.unsubscribe === null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.refresh();
    }, this.settings.recomputeMs ?? 1_000);
    this.timer.unref();
  }

  /** Recomputes now if the alerts changed since the last time. */
  refresh(): void {
    if (!this.stale) return;
    this.stale = false;
    this.recompute(this.now());
  }

  /** Incidents matching the query (the alert filters), newest first, as `incidents:list`. */
  list(query: AlertQuery): Incident[] {
    this.refresh();
    return this.incidents.filter((i) => matchesQuery(i, query)).slice(0, query.limit ?? 1000);
  }

  /** The incident and its alerts (as the cluster holds them now). */
  detail(id: string): { incident: Incident; alerts: Alert[] } {
    this.refresh();
    const incident = this.byId.get(id);
    if (incident === undefined) throw new EngineError('not_found', `no incident with id ${id}`);
    const alerts: Alert[] = [];
    for (const alertId of incident.alertIds) {
      const alert = this.alertsById.get(alertId);
      if (alert !== undefined) alerts.push({ ...alert, incidentId: incident.id });
    }
    return { incident, alerts };
  }

  /** The incident that holds this alert now, if any. */
  incidentOf(alertId: string): Incident | undefined {
    this.refresh();
    return this.incidents.find((i) => i.alertIds.includes(alertId));
  }

  /** Drops a notification still waiting (the incident was acted on). */
  withdraw(id: string): void {
    const incident = this.byId.get(id);
    if (incident !== undefined) this.settings.policy?.withdraw(noticeKey(incident));
  }

  /** Incidents changed since the last call (for the window's `incidents` events). */
  drainChanged(): Incident[] {
    if (this.changed.size === 0) return [];
    const out = [...this.changed.values()];
    this.changed.clear();
    return out;
  }

  private recompute(now: number): void {
    this.recomputations++;
    const alerts = this.alerts.list({ limit: Number.MAX_SAFE_INTEGER }, now);
    this.alertsById = new Map(alerts.map((a) => [a.id, a]));
    const incidents = groupIncidents(alerts, this.settings.options, (a) => this.keysOf(a));
    if (this.keys.size > alerts.length) {
      const fingerprints = new Set(alerts.map((a) => a.fingerprint));
      for (const fingerprint of this.keys.keys())
        if (!fingerprints.has(fingerprint)) this.keys.delete(fingerprint);
    }
    const notify = this.settings.policy != null && this.baseline;
    const previous = this.byId;
    this.byId = new Map();
    const seen = new Set<string>();
    for (const incident of incidents) {
      this.byId.set(incident.id, incident);
      seen.add(incident.id);
      const text = signatureOf(incident);
      const before = this.signatures.get(incident.id);
      if (before === text) continue;
      this.signatures.set(incident.id, text);
      this.changed.set(incident.id, incident);
      if (notify) this.offer(incident, previous.get(incident.id) ?? null, now);
    }
    for (const id of this.signatures.keys()) if (!seen.has(id)) this.signatures.delete(id);
    this.incidents = incidents;
  }

  /** Opened or escalated: offered to the policy; no longer open: a waiting notice is withdrawn. */
  private offer(incident: Incident, before: Incident | null, now: number): void {
    const policy = this.settings.policy!;
    if (incident.status !== 'open') {
      policy.withdraw(noticeKey(incident));
      return;
    }
    if (before !== null && levelRank(incident.level) <= levelRank(before.level)) return;
    const leader = this.leaderOf(incident);
    if (leader !== undefined) policy.offer(incidentNotice(incident, leader), now);
  }

  private leaderOf(incident: Incident): Alert | undefined {
    for (const id of incident.alertIds) {
      const alert = this.alertsById.get(id);
      if (alert !== undefined && alert.level === incident.level) return { ...alert, incidentId: incident.id };
    }
    return undefined;
  }

  /** Its grouping keys (addresses scanned from its samples), cached while what they depend on holds. */
  private keysOf(alert: Alert): string[] {
    const cached = this.keys.get(alert.fingerprint);
    if (cached !== undefined && sameInputs(cached, alert)) return cached.keys;
    const keys = alertKeys(alert, this.settings.options);
    this.keys.set(alert.fingerprint, {
      service: alert.service,
      host: alert.host ?? null,
      trigger: alert.trigger,
      template: alert.template,
      samples: alert.samples,
      keys,
    });
    return keys;
  }
}

/** What an alert's grouping keys depend on (keys.ts). */
interface KeyInputs {
  service: string | null;
  host: string | null;
  trigger: string;
  template: string | null;
  samples: readonly string[];
}

function sameInputs(cached: KeyInputs, alert: Alert): boolean {
  if (
    cached.service !== alert.service ||
    cached.host !== (alert.host ?? null) ||
    cached.trigger !== alert.trigger ||
    cached.template !== alert.template
  )
    return false;
  const samples = alert.samples;
  if (cached.samples === samples) return true;
  return cached.samples.length === samples.length && cached.samples.every((s, i) => s === samples[i]);
}

/** Changes to an incident show in one of these (cheaper than comparing whole copies). */
function signatureOf(i: Incident): string {
  const audit = i.audit.at(-1);
  const entry = i.timeline.at(-1);
  return [
    i.status,
    i.level,
    i.title,
    i.snoozedUntil,
    i.lastSeen,
    i.alertIds.join(','),
    i.services.length,
    i.hosts.length,
    i.audit.length,
    audit?.at,
    audit?.action,
    i.timeline.length,
    entry?.at,
    entry?.kind,
  ].join('|');
}
