/**
 * Incidents through the AlertManager: grouping (address, host, service, template family, starting
 * together, the window), escalation, reopen, actions on an incident and its alerts with the audit
 * trail, notifications per incident, and persistence of incidents with the alert history.
 * The messages are in the shapes of the Loghub samples the demo replays (data/loghub/).
 */
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Incident } from '../../core/contract';
import { AlertManager } from '../../core/alerts/alert-manager';
import type { AlertCandidate } from '../../core/alerts/candidate';
import { familyOf } from '../../core/alerts/incidents';

const MINUTE = 60_000;

function c(
  overrides: Partial<AlertCandidate> & Pick<AlertCandidate, 'groupKey' | 'service'>,
): AlertCandidate {
  return {
    rule: 'test',
    level: 'medium',
    trigger: 'system_error',
    title: `Error in ${overrides.service ?? 'unknown'}`,
    reason: 'An error was logged.',
    topic: 'logs',
    templateId: overrides.groupKey,
    template: null,
    sample: null,
    ...overrides,
  };
}

const sshdFailure = (address: string) =>
  c({
    groupKey: 'ssh-fail',
    service: 'sshd',
    trigger: 'security',
    level: 'critical',
    title: 'Possible brute-force attack on sshd',
    template: 'Failed password for <*> from <*> port <*> ssh2',
    sample: `Failed password for root from ${address} port 38921 ssh2`,
  });
const pamFailure = (address: string, program = 'sshd') =>
  c({
    groupKey: 'pam-fail',
    service: `${program}(pam_unix)`,
    trigger: 'security',
    level: 'high',
    title: `Authentication failures on ${program}(pam_unix)`,
    template: 'authentication failure; logname= uid=<*> euid=<*> tty=ssh ruser= rhost=<*>',
    sample: `authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${address}  user=root`,
  });

/**
 * A manager whose `together` key is off unless a test asks for it, so each key is tested alone;
 * `endAfterQuietMs` (episodes, alerts-incident-episodes.test.ts) stays at its default unless given.
 */
function manager(
  groupBy: Incident['groupKey'][] = ['address', 'host', 'service', 'family'],
  endAfterQuietMs?: number,
) {
  return new AlertManager({
    incidents: {
      groupBy: groupBy as never,
      windowMs: 10 * MINUTE,
      togetherMs: 30_000,
      ...(endAfterQuietMs === undefined ? {} : { endAfterQuietMs }),
    },
    policy: { groupWaitMs: 30_000 },
    actor: 'ana',
  });
}

describe('grouping alerts into incidents', () => {
  it('groups one attacker’s sshd and pam_unix failures by the source address', () => {
    const m = manager();
    const a = m.ingestCandidate(sshdFailure('183.62.140.253'), 0);
    const b = m.ingestCandidate(pamFailure('183.62.140.253'), 1000);
    const incidents = m.listIncidents();
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({
      alertIds: [a.id, b.id],
      alertCount: 2,
      level: 'critical',
      // The PAM module's failures are the program's own (core/rules/group-by.ts folds the service).
      services: ['sshd'],
      groupKey: 'address=183.62.140.253 service=sshd family=security:failed password for',
    });
    expect(Incident.parse(incidents[0])).toEqual(incidents[0]);
    expect(m.list().every((alert) => alert.incidentId === incidents[0]!.id)).toBe(true);
  });

  it('keeps attacks from two addresses on two services apart', () => {
    const m = manager();
    m.ingestCandidate(sshdFailure('183.62.140.253'), 0);
    m.ingestCandidate(pamFailure('112.95.230.3', 'vsftpd'), 1000);
    expect(m.listIncidents()).toHaveLength(2);
  });

  it('groups alerts of one service (a bgl-ras burst of many templates) and keeps other services apart', () => {
    const m = manager();
    for (let t = 0; t < 15; t++) m.ingestCandidate(c({ groupKey: `bgl-${t}`, service: 'bgl-ras' }), t * 100);
    m.ingestCandidate(c({ groupKey: 'hdfs-1', service: 'hdfs-datanode' }), 2000);
    const incidents = m.listIncidents();
    expect(incidents.map((i) => [i.services, i.alertCount])).toEqual([
      [['hdfs-datanode'], 1],
      [['bgl-ras'], 15],
    ]);
  });

  it('opens a new incident once the old one was quiet for longer than the window', () => {
    // The window alone: with episodes off, a 10 min pause does not end the incident by itself.
    const m = manager(undefined, 0);
    m.ingestCandidate(c({ groupKey: 'e1', service: 'hdfs-datanode' }), 0);
    m.ingestCandidate(c({ groupKey: 'e2', service: 'hdfs-datanode' }), 10 * MINUTE); // within
    m.ingestCandidate(c({ groupKey: 'e3', service: 'hdfs-datanode' }), 21 * MINUTE); // quiet for 11 min
    expect(m.listIncidents().map((i) => i.alertCount)).toEqual([1, 2]);
  });

  it('groups by the template family across services, and by starting together only when configured', () => {
    const family = manager(['family']);
    family.ingestCandidate(
      c({ groupKey: 'a', service: 'nova-api', template: 'Failed to connect to <*>' }),
      0,
    );
    family.ingestCandidate(
      c({ groupKey: 'b', service: 'proxifier', template: 'Failed to connect to server <*>' }),
      5,
    );
    expect(family.listIncidents()).toHaveLength(1);

    const apart = manager(['service']);
    const together = manager(['service', 'together']);
    for (const m of [apart, together]) {
      m.ingestCandidate(c({ groupKey: 'x', service: 'zookeeper' }), 0);
      m.ingestCandidate(c({ groupKey: 'y', service: 'spark-executor' }), 20_000); // 20 s later
      m.ingestCandidate(c({ groupKey: 'z', service: 'apache-httpd' }), 60_000); // 60 s later
    }
    expect(apart.listIncidents()).toHaveLength(3);
    expect(together.listIncidents().map((i) => i.alertCount)).toEqual([1, 2]);
  });

  it('reads the template family from the leading literal words only', () => {
    expect(familyOf('Failed password for <*> from <*> port <*> ssh2')).toBe('failed password for');
    expect(familyOf('<*> closed')).toBeNull();
    expect(familyOf(null)).toBeNull();
  });

  it('counts occurrences per minute and keeps the last ones', () => {
    const m = manager();
    for (let i = 0; i < 5; i++) m.ingestCandidate(c({ groupKey: 'e1', service: 'hdfs' }), i * 1000);
    m.ingestCandidate(c({ groupKey: 'e1', service: 'hdfs' }), 2 * MINUTE + 1);
    expect(m.listIncidents()[0]?.perMinute).toEqual([
      { minute: 0, count: 5 },
      { minute: 2, count: 1 },
    ]);
  });
});

describe('escalation, reopen and notifications per incident', () => {
  it('notifies once when an incident opens, none for joining alerts, once per escalation', () => {
    const m = manager();
    m.ingestCandidate(c({ groupKey: 'e1', service: 'hadoop-mapreduce', level: 'high' }), 0);
    for (let t = 2; t < 10; t++)
      m.ingestCandidate(c({ groupKey: `e${t}`, service: 'hadoop-mapreduce', level: 'high' }), t * 100);
    m.tick(30_000);
    const opened = m.drainNotifications().alerts;
    expect(opened).toHaveLength(1);
    expect(opened[0]?.title).toBe('Error in hadoop-mapreduce (+8 related alerts)');

    m.ingestCandidate(c({ groupKey: 'e20', service: 'hadoop-mapreduce', level: 'high' }), 40_000);
    m.tick(41_000);
    expect(m.drainNotifications().alerts).toEqual([]); // a joining alert at the same level

    m.ingestCandidate(
      c({ groupKey: 'e21', service: 'hadoop-mapreduce', level: 'critical', title: 'Job failed' }),
      50_000,
    );
    m.tick(50_000);
    const escalated = m.drainNotifications().alerts;
    expect(escalated.map((a) => [a.level, a.incidentId])).toEqual([['critical', opened[0]?.incidentId]]);
    const incident = m.listIncidents()[0]!;
    expect(incident.timeline.map((e) => e.kind)).toEqual([
      'opened',
      ...Array(9).fill('joined'),
      'joined',
      'escalated',
    ]);
  });

  it('reopens a resolved incident when a child fires again: occurrence + 1, marked, notified', () => {
    const m = manager();
    const alert = m.ingestCandidate(sshdFailure('10.1.2.3'), 0);
    m.tick(30_000);
    expect(m.drainNotifications().alerts).toHaveLength(1);
    const id = m.listIncidents()[0]!.id;
    m.actOnIncident({ id, action: 'resolve' }, 40_000);
    expect(m.list()[0]?.status).toBe('resolved');

    m.ingestCandidate(sshdFailure('10.1.2.3'), 100_000);
    const detail = m.incidentDetail(id, 100_000);
    expect(detail.incident).toMatchObject({ status: 'open', occurrence: 2, reopenedAt: 100_000 });
    expect(detail.incident.timeline.at(-1)).toMatchObject({ kind: 'reopened', alertId: alert.id });
    expect(detail.incident.audit.at(-1)).toMatchObject({ who: 'vigil', action: 'reopen' });
    expect(detail.alerts[0]).toMatchObject({ occurrence: 2, count: 1 });
    m.tick(130_000); // the reopen starts afresh, group wait included
    expect(m.drainNotifications().alerts).toHaveLength(1);
  });

  it('sends nothing for an incident acknowledged during its group wait', () => {
    const m = manager();
    m.ingestCandidate(sshdFailure('10.1.2.3'), 0);
    m.actOnIncident({ id: m.listIncidents()[0]!.id, action: 'ack' }, 1000);
    m.tick(30_000);
    expect(m.drainNotifications().alerts).toEqual([]);
  });
});

describe('actions on an incident', () => {
  it('acknowledges the incident and every open child alert, recording who and when', () => {
    const m = manager();
    m.ingestCandidate(sshdFailure('10.9.8.7'), 0);
    m.ingestCandidate(pamFailure('10.9.8.7'), 10);
    const id = m.listIncidents()[0]!.id;
    const { incident, alerts } = m.actOnIncident({ id, action: 'ack' }, 500);
    expect(incident.status).toBe('acknowledged');
    expect(incident.audit).toEqual([{ at: 500, who: 'ana', action: 'ack', text: null }]);
    expect(incident.timeline.at(-1)).toMatchObject({ kind: 'acknowledged', text: 'by ana' });
    expect(alerts.map((a) => [a.status, a.audit?.at(-1)])).toEqual([
      ['acknowledged', { at: 500, who: 'ana', action: 'ack', text: null }],
      ['acknowledged', { at: 500, who: 'ana', action: 'ack', text: null }],
    ]);
  });

  it('snoozes an incident and its alerts until the snooze ends, then both are open', () => {
    const m = manager();
    m.ingestCandidate(c({ groupKey: 'e1', service: 'zookeeper' }), 0);
    const id = m.listIncidents()[0]!.id;
    m.actOnIncident({ id, action: 'snooze', durationMs: MINUTE }, 0);
    expect(m.listIncidents({ status: ['snoozed'] }).map((i) => i.id)).toEqual([id]);
    expect(m.list({ status: ['snoozed'] })).toHaveLength(1);
    m.tick(MINUTE); // within the episode gap (2 min): the incident goes on
    expect(m.incidentDetail(id, MINUTE).incident.status).toBe('open');
    expect(m.list({ status: ['open'] })).toHaveLength(1);
  });

  it('keeps a note on the incident, and a note on an alert on the incident’s timeline', () => {
    const m = manager();
    const alert = m.ingestCandidate(c({ groupKey: 'e1', service: 'zookeeper' }), 0);
    const id = m.listIncidents()[0]!.id;
    m.actOnIncident({ id, action: 'note', text: 'leader election loop, see ZOOKEEPER-2164' }, 5);
    m.act({ id: alert.id, action: 'note', text: 'restarted zk-1' }, 6);
    const { incident } = m.incidentDetail(id, 7);
    expect(incident.audit).toEqual([
      { at: 5, who: 'ana', action: 'note', text: 'leader election loop, see ZOOKEEPER-2164' },
    ]);
    expect(incident.timeline.slice(-2).map((e) => [e.kind, e.alertId, e.text])).toEqual([
      ['note', null, 'ana: leader election loop, see ZOOKEEPER-2164'],
      ['note', alert.id, 'ana: restarted zk-1'],
    ]);
  });

  it('resolves the incident when its last open alert is resolved, and refuses ack on a resolved one', () => {
    const m = manager();
    const a = m.ingestCandidate(c({ groupKey: 'e1', service: 'spark-executor' }), 0);
    const b = m.ingestCandidate(c({ groupKey: 'e2', service: 'spark-executor' }), 1);
    const id = m.listIncidents()[0]!.id;
    m.act({ id: a.id, action: 'resolve' }, 2);
    expect(m.incidentDetail(id, 2).incident.status).toBe('open');
    m.act({ id: b.id, action: 'resolve' }, 3);
    expect(m.incidentDetail(id, 3).incident.status).toBe('resolved');
    expect(() => m.actOnIncident({ id, action: 'ack' }, 4)).toThrow(/resolved/);
    expect(() => m.actOnIncident({ id: 'in-missing', action: 'ack' }, 4)).toThrow(/no incident/);
  });
});

describe('persistence', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-incidents-'));
  });
  afterEach(async () => {
    await fsp.rm(dir, { recursive: true, force: true });
  });

  it('reloads incidents, the lifecycle fields and the audit trail after a restart', async () => {
    const options = { incidents: { groupBy: ['address' as const, 'service' as const] }, actor: 'ana' };
    const first = await AlertManager.open({ dir, sync: 'never' }, options, 0);
    first.ingestCandidate(sshdFailure('10.9.8.7'), 0);
    first.ingestCandidate(pamFailure('10.9.8.7'), 10);
    await first.recordBatch(10);
    const id = first.listIncidents()[0]!.id;
    first.actOnIncident({ id, action: 'note', text: 'blocked upstream' }, 20);
    await first.recordBatch(20);
    const before = first.incidentDetail(id, 20);
    await first.close();

    const second = await AlertManager.open({ dir, sync: 'never' }, options, 30);
    expect(second.historyStatus()?.loadProblems).toEqual([]);
    const after = second.incidentDetail(id, 20);
    expect(after.incident).toEqual(before.incident);
    expect(after.alerts.map((a) => [a.id, a.incidentId, a.occurrence, a.firstReason])).toEqual(
      before.alerts.map((a) => [a.id, a.incidentId, a.occurrence, a.firstReason]),
    );
    // Grouping goes on after the restart: the same attacker joins the reloaded incident.
    second.ingestCandidate(
      c({ groupKey: 'other', service: 'sudo', sample: 'sudo: auth failure rhost=10.9.8.7' }),
      40,
    );
    expect(second.listIncidents()).toHaveLength(1);
    await second.close();
  });
});
