/**
 * Issue 19: how the engine runs a cluster role (core/engine/engine.ts with core/engine/roles/), with a
 * role double in place of Kafka (the real composition runs against the broker in
 * tests/integration/cluster-roles.test.ts). In a role, the engine's local alerts become the role's
 * evidence and never reach the window; alerts:list and alerts:act are the cluster's; the cluster's
 * alert changes reach the window as alert events; a role without an incident view says it keeps none;
 * verdicts are standalone-only; the role stops after its source. Logs: real OpenSSH lines of the
 * Loghub sample.
 */
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  StartRequest,
  type Alert,
  type AlertAction,
  type ClusterRoleStatus,
  type EventBatch,
} from '../../core/contract';
import { foldEvidence, type AlertState } from '../../core/cluster/fold';
import { Engine } from '../../core/engine/engine';
import { RulesOnlyModelPort } from '../../core/engine/model-port-impl';
import { alertOfState, countAlerts, listAlerts } from '../../core/engine/roles/cluster-alert-list';
import type { ClusterAlerts, RoleContext, RoleRuntime } from '../../core/engine/roles';
import { loadRuleSet } from '../../core/rules';
import { rawLines } from '../fixtures/loghub';
import { FakeLogSource } from './engine-fake-source';

const FAILURES = rawLines('OpenSSH').filter((line) => line.includes('Failed password'));

/** A cluster holding one alert folded from evidence; records the actions it is asked for. */
class FakeClusterAlerts implements ClusterAlerts {
  readonly acted: Array<{ action: AlertAction; now: number }> = [];
  readonly states: AlertState[] = [
    foldEvidence(null, {
      v: 1,
      fingerprint: 'security|rule:sshd.brute-force|sshd',
      level: 'critical',
      trigger: 'security',
      title: 'Possible brute-force attack on sshd',
      reason: 'many failed logins',
      service: 'sshd',
      topic: 'logs',
      templateId: null,
      template: null,
      rule: null,
      count: 600,
      firstSeen: 1000,
      lastSeen: 2000,
      samples: [{ time: 1000, text: FAILURES[0]! }],
    }),
  ];
  list = (query: Parameters<ClusterAlerts['list']>[0], now: number) => listAlerts(this.states, query, now);
  counts = () => countAlerts(this.states);
  act = (action: AlertAction, now: number) => {
    this.acted.push({ action, now });
    return Promise.resolve(alertOfState(this.states[0]!, now));
  };
  onChange = () => () => undefined;
  size = () => this.states.length;
  badRecords = () => 0;
}

let dataDir: string;
beforeEach(async () => {
  dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-engine-roles-'));
});
afterEach(async () => {
  await fsp.rm(dataDir, { recursive: true, force: true });
});

describe('the engine in a cluster role', () => {
  it('hands local alerts to the role and answers alerts from the cluster', async () => {
    const source = new FakeLogSource('kafka');
    const alerts = new FakeClusterAlerts();
    const collected: Alert[] = [];
    const order: string[] = [];
    let context: RoleContext | null = null;
    let asked: StartRequest | null = null;
    const status: ClusterRoleStatus = {
      role: 'analyzer',
      cluster: 'team-a',
      analyzerId: 'host-0123abcd',
      alerts: 1,
      foldPartitions: [0, 1, 2],
      transactions: { evidence: 0, fold: 0, aborted: 0 },
      badRecords: 0,
    };
    const role: RoleRuntime = {
      role: 'analyzer',
      cluster: 'team-a',
      analyzerId: 'host-0123abcd',
      source: {
        kind: 'kafka',
        start: (handler) => source.start(handler),
        stop: async () => {
          order.push('source stopped');
          await source.stop();
        },
        status: () => source.status(),
      },
      alerts,
      collect: (changed) => collected.push(...changed),
      problem: () => 'folding vigil.team-a.evidence failed, retrying: Connection error',
      status: () => status,
      stop: () => {
        order.push('role stopped');
        return Promise.resolve();
      },
    };
    const engine = await Engine.open({
      dataDir,
      models: new RulesOnlyModelPort('no model in unit tests'),
      rules: loadRuleSet(),
      createSource: () => {
        throw new Error('a role brings its own source');
      },
      startRole: (request, ctx) => {
        asked = request;
        context = ctx;
        return Promise.resolve(role);
      },
      tickMs: 3_600_000,
      eventIntervalMs: 20,
    });
    const batches: EventBatch[] = [];
    engine.onEvents((batch) => batches.push(batch));
    try {
      const started = await engine.start(
        StartRequest.parse({
          source: 'kafka',
          kafka: { brokers: ['127.0.0.1:9092'], groupId: 'mine' },
          role: 'analyzer',
          cluster: 'team-a',
        }),
      );
      const request = asked as StartRequest | null;
      expect(request?.source === 'kafka' && request.kafka.groupId).toBe('vigil.team-a.analyzers');
      expect([started.running, started.cluster]).toEqual([true, status]);
      expect(started.stats.countsByLevel.critical).toBe(1); // the cluster's, not the empty local store
      // The role's own trouble (its fold member cannot read) is in the analyzer's health.
      expect(started.health.status).toBe('degraded');
      expect(started.health.reasons).toContain(
        'folding vigil.team-a.evidence failed, retrying: Connection error',
      );

      // 40 real failures from one address: the local store raises its alert, the role gets it as evidence.
      await source.deliver(source.messages(FAILURES.slice(0, 40)));
      const local = collected.find((a) => a.fingerprint.includes('sshd.brute-force'));
      expect(local?.count).toBeGreaterThan(0);
      expect(context!.existing().some((a) => a.fingerprint === local!.fingerprint)).toBe(true);
      // The list is the cluster's (count 600), not the partial local one.
      const listed = engine.listAlerts({});
      expect(listed.map((a) => a.count)).toEqual([600]);

      // The window hears the cluster's changes, never the local store's.
      context!.onAlerts([alertOfState(alerts.states[0]!, 5000)]);
      await new Promise((resolve) => setTimeout(resolve, 60));
      const evented = batches.flatMap((b) => b.events.flatMap((e) => (e.type === 'alerts' ? e.alerts : [])));
      expect(evented.map((a) => a.count)).toEqual([600]);

      const acked = await engine.actOnAlert({ id: listed[0]!.id, action: 'ack' });
      expect(acked.id).toBe(listed[0]!.id);
      expect(alerts.acted.map((a) => a.action)).toEqual([{ id: listed[0]!.id, action: 'ack' }]);
      await expect(engine.actOnAlert({ id: listed[0]!.id, verdict: 'useful' })).rejects.toThrow(
        /verdicts are standalone-only/,
      );
      expect(engine.listIncidents({})).toEqual([]);
      await expect(engine.incidentDetail('any')).rejects.toThrow(/keeps no incidents/);
      await expect(engine.actOnIncident({ id: 'any', action: 'ack' })).rejects.toThrow(/keeps no incidents/);

      const stopped = await engine.stop();
      expect(order).toEqual(['source stopped', 'role stopped']);
      expect([stopped.running, stopped.cluster]).toEqual([false, undefined]);
      // Stopped, the engine answers from its own store again.
      expect(engine.listAlerts({}).some((a) => a.fingerprint === local!.fingerprint)).toBe(true);
    } finally {
      await engine.close();
    }
  });

  it('runs standalone exactly as before when the request names no role', async () => {
    const source = new FakeLogSource('kafka');
    let roleAsked = 0;
    const engine = await Engine.open({
      dataDir,
      models: new RulesOnlyModelPort('no model in unit tests'),
      rules: loadRuleSet(),
      createSource: () => source,
      startRole: () => {
        roleAsked++;
        return Promise.resolve(null);
      },
      tickMs: 3_600_000,
      eventIntervalMs: 3_600_000,
    });
    try {
      const started = await engine.start(
        StartRequest.parse({ source: 'kafka', kafka: { brokers: ['127.0.0.1:9092'] } }),
      );
      expect([roleAsked, started.running, started.cluster]).toEqual([1, true, undefined]);
      await source.deliver(source.messages(FAILURES.slice(0, 40)));
      expect(engine.listAlerts({}).some((a) => a.fingerprint.includes('sshd.brute-force'))).toBe(true);
    } finally {
      await engine.close();
    }
  });
});
