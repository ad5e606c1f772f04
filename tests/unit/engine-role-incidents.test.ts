/**
 * Issue 19: incidents in a cluster role, through the engine (core/engine/engine.ts) with a role
 * double in place of Kafka: the double's alerts apply actions with the fold's own `applyAction`
 * (core/cluster/fold.ts), as the owning analyzer does, and tell their listeners, as the alerts view
 * does. incidents:list/get/act answer from the view over the cluster's alerts; an incident action
 * is one action per child alert, all with the engine's who and one when; a console notifies per
 * incident (opened, escalated), never for the backlog read at start nor for a joining alert; the
 * view recomputes once for a burst of changes. The real Kafka composition: tests/integration/.
 */
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StartRequest, type Alert, type AlertAction, type EventBatch } from '../../core/contract';
import { AlertManager } from '../../core/alerts/alert-manager';
import { DEFAULT_INCIDENT_OPTIONS } from '../../core/alerts/incidents';
import { applyAction, type AlertState } from '../../core/cluster/fold';
import { Engine } from '../../core/engine/engine';
import { RulesOnlyModelPort } from '../../core/engine/model-port-impl';
import { countAlerts, listAlerts, alertOfState } from '../../core/engine/roles/cluster-alert-list';
import { ClusterIncidents } from '../../core/engine/roles/cluster-incidents';
import { withIncidents } from '../../core/engine/roles/start-role';
import type { ClusterAlerts, RoleRuntime } from '../../core/engine/roles';
import { EngineError } from '../../core/engine/errors';
import { FakeLogSource } from './engine-fake-source';
import { MINUTE, SSHD_52, T0, kernel, pam, sshd, state } from './cluster-incident-states';

/** The cluster's alert states; actions applied as the fold applies them, listeners told. */
class FakeClusterAlerts implements ClusterAlerts {
  readonly acted: Array<{ action: AlertAction; who: string; at: number }> = [];
  readonly states = new Map<string, AlertState>();
  private readonly listeners = new Set<(alerts: Alert[]) => void>();
  backlogRead = true;

  constructor(
    states: AlertState[],
    private readonly who = 'ana',
  ) {
    for (const s of states) this.states.set(s.alert.fingerprint, s);
  }

  /** A state written to the alerts topic (by a fold), as the view hears it. */
  put(s: AlertState, now: number): void {
    this.states.set(s.alert.fingerprint, s);
    for (const listener of this.listeners) listener([alertOfState(s, now)]);
  }

  list = (query: Parameters<ClusterAlerts['list']>[0], now: number) =>
    listAlerts(this.states.values(), query, now);
  counts = () => countAlerts(this.states.values());
  act = (action: AlertAction, now: number) => {
    const current = [...this.states.values()].find((s) => s.alert.id === action.id);
    if (current === undefined) return Promise.reject(new EngineError('not_found', `no alert ${action.id}`));
    this.acted.push({ action, who: this.who, at: now });
    const out = applyAction(current, {
      v: 1,
      fingerprint: current.alert.fingerprint,
      action: action.action,
      ...(action.action === 'snooze' ? { durationMs: action.durationMs } : {}),
      ...(action.action === 'note' ? { text: action.text } : {}),
      who: this.who,
      at: now,
    });
    if (!out.ok) return Promise.reject(new EngineError('conflict', out.reason));
    this.put(out.state, now);
    return Promise.resolve(alertOfState(out.state, now));
  };
  onChange = (listener: (alerts: Alert[]) => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  private readonly caughtUp: Array<() => void> = [];
  whenCaughtUp = (listener: () => void) => {
    if (this.backlogRead) listener();
    else this.caughtUp.push(listener);
  };
  /** The view has read the backlog (as AlertView tells after the batch that completes it). */
  catchUp(): void {
    this.backlogRead = true;
    for (const listener of this.caughtUp.splice(0)) listener();
  }
  size = () => this.states.size;
  badRecords = () => 0;
}

function runtime(alerts: ClusterAlerts, role: 'analyzer' | 'console'): RoleRuntime {
  const source = new FakeLogSource('kafka');
  return {
    role,
    cluster: 'team-a',
    analyzerId: role === 'console' ? null : 'host-0123abcd',
    source,
    alerts,
    collect: () => undefined,
    problem: () => null,
    status: () => ({
      role,
      cluster: 'team-a',
      analyzerId: null,
      alerts: alerts.size(),
      foldPartitions: [],
      transactions: null,
      badRecords: 0,
    }),
    stop: () => Promise.resolve(),
  };
}

let dataDir: string;
beforeEach(async () => {
  dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-role-incidents-'));
});
afterEach(async () => {
  await fsp.rm(dataDir, { recursive: true, force: true });
});

const until = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('incidents in a cluster role', () => {
  it('lists, details and acts on incidents over the cluster’s alerts, notifying as a console', async () => {
    const now = T0 + 2 * MINUTE;
    // The backlog: one attacker's pam_unix and sshd alerts (one incident).
    const alerts = new FakeClusterAlerts([state(pam(T0)), state(sshd(T0 + 10_000))]);
    alerts.backlogRead = false;
    const manager = new AlertManager({ policy: { groupWaitMs: 0 }, actor: 'ana' });
    const engine = await Engine.open({
      dataDir,
      models: new RulesOnlyModelPort('no model in unit tests'),
      now: () => now,
      actorName: 'ana',
      // No group wait, so a notice is due at the next tick.
      alertManager: manager,
      createSource: () => {
        throw new Error('a role brings its own source');
      },
      startRole: (_request, context) => Promise.resolve(withIncidents(runtime(alerts, 'console'), context)),
      tickMs: 20,
      eventIntervalMs: 20,
    });
    const batches: EventBatch[] = [];
    engine.onEvents((batch) => batches.push(batch));
    const events = <T extends EventBatch['events'][number]['type']>(type: T) =>
      batches.flatMap((b) => b.events.filter((e) => e.type === type)) as Array<
        Extract<EventBatch['events'][number], { type: T }>
      >;
    try {
      await engine.start(
        StartRequest.parse({
          source: 'kafka',
          kafka: { brokers: ['127.0.0.1:9092'] },
          role: 'console',
          cluster: 'team-a',
        }),
      );
      const [incident] = engine.listIncidents({});
      expect(incident).toMatchObject({ alertCount: 2, level: 'critical', status: 'open' });
      await until(() => events('incidents').some((e) => e.incidents.some((i) => i.id === incident!.id)));

      // The backlog was read: its incident is the baseline, not news. A new attacker is.
      alerts.catchUp();
      alerts.put(state(sshd(T0 + 30 * MINUTE, SSHD_52)), now);
      await until(() => engine.listIncidents({}).length === 2);
      // The same attacker's pam_unix failures 20 s later join its incident: no notice of their own.
      alerts.put(state({ ...pam(T0 + 30 * MINUTE + 20_000), fingerprint: 'pam|52', sample: SSHD_52 }), now);
      alerts.put(state(kernel(T0 + 31 * MINUTE)), now); // a medium incident: below the policy's levels
      await until(() => events('notify').length > 0);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const notices = events('notify').flatMap((e) => e.alerts);
      expect(notices).toHaveLength(1);
      const listed = engine.listIncidents({});
      expect(listed.map((i) => [i.level, i.alertCount])).toEqual([
        ['medium', 1],
        ['critical', 2],
        ['critical', 2],
      ]);
      const fresh = listed[1]!;
      expect(notices[0]).toMatchObject({
        incidentId: fresh.id,
        level: 'critical',
        fingerprint: `incident|${fresh.id}`,
      });

      // incidents:get: the incident and its alerts.
      const detail = await engine.incidentDetail(incident!.id);
      expect(detail.alerts.map((a) => a.id).sort()).toEqual([...incident!.alertIds].sort());

      // incidents:act ack: one action per child, with the engine's who and one when.
      const acked = await engine.actOnIncident({ id: incident!.id, action: 'ack' });
      expect(alerts.acted.map((a) => [a.action.id, a.action.action, a.who, a.at]).sort()).toEqual(
        incident!.alertIds.map((id) => [id, 'ack', 'ana', now]).sort(),
      );
      expect(acked.incident).toMatchObject({ id: incident!.id, status: 'acknowledged' });
      expect(acked.incident.audit).toEqual([{ at: now, who: 'ana', action: 'ack', text: null }]);
      expect(acked.alerts.every((a) => a.status === 'acknowledged' && a.audit?.[0]?.who === 'ana')).toBe(
        true,
      );

      // A note reaches every child once, and the incident's trail once.
      const noted = await engine.actOnIncident({
        id: incident!.id,
        action: 'note',
        text: 'blocked at the edge',
      });
      expect(noted.incident.audit.map((e) => e.action)).toEqual(['ack', 'note']);
      expect(noted.incident.timeline.at(-1)).toMatchObject({
        kind: 'note',
        text: 'ana: blocked at the edge',
      });

      // Resolved, then acknowledged: refused, as standalone.
      const resolved = await engine.actOnIncident({ id: incident!.id, action: 'resolve' });
      expect(resolved.incident.status).toBe('resolved');
      await expect(engine.actOnIncident({ id: incident!.id, action: 'ack' })).rejects.toMatchObject({
        code: 'conflict',
      });
      await expect(engine.incidentDetail('in-nothing')).rejects.toMatchObject({ code: 'not_found' });
      expect(engine.listIncidents({ status: ['resolved'] }).map((i) => i.id)).toEqual([incident!.id]);
    } finally {
      await engine.close();
    }
  });

  it('recomputes once for a burst of alert changes, and an analyzer notifies nothing', async () => {
    const alerts = new FakeClusterAlerts([state(pam(T0))]);
    const offered: string[] = [];
    const policy = { offer: (a: Alert) => offered.push(a.fingerprint), withdraw: () => undefined };
    const incidents = new ClusterIncidents(alerts, {
      options: DEFAULT_INCIDENT_OPTIONS,
      policy,
      recomputeMs: 50,
      now: () => T0 + 40 * MINUTE,
    });
    incidents.start();
    expect(incidents.recomputations).toBe(1);
    for (let i = 0; i < 50; i++) alerts.put(state(sshd(T0 + 30 * MINUTE + i * 1000)), T0);
    await until(() => incidents.recomputations === 2);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(incidents.recomputations).toBe(2);
    expect(offered).toHaveLength(1); // the new sshd incident, once
    // A high incident opens (a notice), then a critical alert joins it: escalated, a notice again.
    alerts.put(state({ ...pam(T0 + 45 * MINUTE), fingerprint: 'pam|late' }), T0);
    incidents.refresh();
    alerts.put(state({ ...sshd(T0 + 45 * MINUTE + 10_000), fingerprint: 'sshd|late' }), T0);
    incidents.refresh();
    const late = incidents.list({}).find((i) => i.alertCount === 2)!;
    expect(late.level).toBe('critical');
    expect(offered.slice(1)).toEqual([`incident|${late.id}`, `incident|${late.id}`]);
    incidents.stop();

    // An analyzer: the same view without a policy.
    const context = { options: DEFAULT_INCIDENT_OPTIONS, policy: new AlertManager().policy };
    const analyzer = withIncidents(runtime(alerts, 'analyzer'), {
      dataDir,
      who: () => 'ana',
      existing: () => [],
      onAlerts: () => undefined,
      incidents: context,
    });
    alerts.put(state({ ...sshd(T0 + 50 * MINUTE, SSHD_52), fingerprint: 'sshd|analyzer' }), T0);
    expect(analyzer.incidents?.list({}).length).toBe(4);
    expect(analyzer.incidents?.list({})[0]).toMatchObject({ level: 'critical', status: 'open' });
    expect(context.policy.stats().pending).toBe(0); // nothing offered by an analyzer's view
    await analyzer.stop();
  });
});
