/**
 * Where an engine's alert and incident commands and changes go (engine.ts): the local alert
 * manager when standalone; in a cluster role (docs/scaling.md) the role's view of the cluster's
 * alerts, with the local store's changes handed to the role as its evidence.
 */
import type { Alert, AlertAction, AlertQuery, VerdictRequest } from '../contract';
import type { AlertManager } from '../alerts';
import { resolveActor } from '../alerts/actor';
import { actingOnAlerts } from './acting';
import type { EngineOptions } from './engine-options';
import type { EventBatcher } from './event-batcher';
import { roleAct, roleActOnIncident, roleIncidentDetail, roleIncidents, type RoleRuntime } from './roles';

export class AlertCommands {
  /** @param role the cluster role running now (null: standalone). */
  constructor(
    private readonly options: EngineOptions,
    private readonly alerts: AlertManager,
    private readonly batcher: EventBatcher,
    private readonly now: () => number,
    private readonly role: () => RoleRuntime | null,
  ) {}

  list(query: AlertQuery) {
    const role = this.role();
    if (role !== null) return role.alerts.list(query, this.now());
    return this.alerts.list(query, this.now());
  }

  act(action: AlertAction | VerdictRequest) {
    const role = this.role();
    if (role !== null) return roleAct(role, action, this.now());
    return this.acting(() =>
      'verdict' in action ? this.giveVerdict(action) : this.alerts.act(action, this.now()),
    );
  }

  listIncidents(query: AlertQuery) {
    const role = this.role();
    return role !== null ? roleIncidents(role, query) : this.alerts.listIncidents(query);
  }

  incidentDetail(id: string) {
    const role = this.role();
    if (role !== null) return roleIncidentDetail(role, id);
    return this.acting(() => this.alerts.incidentDetail(id, this.now()));
  }

  actOnIncident(action: AlertAction) {
    const role = this.role();
    if (role !== null) return roleActOnIncident(role, action, this.now());
    return this.acting(() => this.alerts.actOnIncident(action, this.now()));
  }

  /** The local store's changed alerts, for the window (in a cluster role: the role's evidence only). */
  drainChanged(now: number): Alert[] {
    const changed = this.alerts.drainChanged(now);
    if (changed.length > 0) this.options.onAlertsChanged?.(changed);
    const role = this.role();
    if (role === null) return changed;
    role.collect(changed); // the window shows the cluster's alerts (startRole's onAlerts)
    return [];
  }

  /** In a role, the incidents over the cluster's alerts (docs/scaling.md); its partial local ones stay local. */
  drainIncidents() {
    const incidents = this.alerts.drainChangedIncidents();
    const role = this.role();
    return role === null ? incidents : (role.incidents?.drainChanged() ?? []);
  }

  /** Runs an alert or incident command, then publishes (and hands the cluster) what it changed. */
  private acting<T>(step: () => T): Promise<T> {
    return actingOnAlerts(this.alerts, this.batcher, this.now, step, () => this.drainChanged(this.now()));
  }

  /** A/B model testing: the verdict is stored with the alert and counted for the alert's arm. */
  private giveVerdict({ id, verdict }: VerdictRequest) {
    const experiments = this.options.experiments;
    const out = this.alerts.verdict(id, verdict, resolveActor(this.options.actorName), this.now());
    experiments?.countVerdict(out.alert.arm ?? null, out.previous, verdict);
    return out.alert;
  }
}
