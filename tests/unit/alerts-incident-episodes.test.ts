/**
 * Incident episodes (docs/incidents.md, "Episodes"): an incident whose alerts have all been quiet
 * for `endAfterQuietMs` ends on the housekeeping tick (Vigil resolves it and its alerts, audited),
 * and the next firing of the same alert reopens the alert as a new occurrence inside a NEW incident,
 * notified under the policy; a resolve by hand followed by a firing within the gap still reopens
 * the same incident; 0 turns episodes off. Messages in the shape of Loghub's OpenSSH and Hadoop
 * samples (data/loghub/).
 */
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Incident } from '../../core/contract';
import { AlertManager } from '../../core/alerts/alert-manager';
import type { AlertCandidate } from '../../core/alerts/candidate';

const SECOND = 1000;
const MINUTE = 60_000;
const GAP = 2 * MINUTE;

const bruteForce: AlertCandidate = {
  rule: 'test',
  level: 'critical',
  trigger: 'security',
  title: 'Possible brute-force attack on sshd',
  reason: '11 security failures within 60 s, above the limit of 10.',
  groupKey: 'ssh-fail',
  service: 'sshd',
  topic: 'security',
  templateId: 'ssh-fail',
  template: 'Failed password for <*> from <*> port <*> ssh2',
  sample: 'Failed password for root from 183.62.140.253 port 38921 ssh2',
};

const hadoopError: AlertCandidate = {
  rule: 'test',
  level: 'high',
  trigger: 'system_error',
  title: 'Error in hadoop-mapreduce',
  reason: 'An application error was logged.',
  groupKey: 'rm-contact',
  service: 'hadoop-mapreduce',
  topic: 'logs',
  templateId: 'rm-contact',
  template: 'ERROR IN CONTACTING RM.',
  sample: 'org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator: ERROR IN CONTACTING RM.',
};

function manager(endAfterQuietMs?: number): AlertManager {
  return new AlertManager({
    incidents: endAfterQuietMs === undefined ? {} : { endAfterQuietMs },
    policy: { groupWaitMs: 0, maxPerMinute: 100 },
    actor: 'ana',
  });
}

/** Ticks once a second from `from` to `to` (the engine's housekeeping), draining notifications. */
function tickThrough(m: AlertManager, from: number, to: number): string[] {
  const notified: string[] = [];
  for (let t = from; t <= to; t += SECOND) {
    m.tick(t);
    for (const n of m.drainNotifications().alerts) notified.push(n.incidentId ?? '');
  }
  return notified;
}

describe('incident episodes', () => {
  it('defaults to 2 minutes of quiet (Settings incidents.endAfterQuietMs)', () => {
    expect(manager().incidents.options.endAfterQuietMs).toBe(GAP);
  });

  it('keeps an incident open while any of its alerts fired within the gap', () => {
    const m = manager();
    m.ingestCandidate(bruteForce, 0);
    m.ingestCandidate(bruteForce, 90 * SECOND); // a repeat resets the quiet time
    tickThrough(m, 0, 90 * SECOND + GAP - SECOND);
    const [incident] = m.listIncidents();
    expect(incident!.status).toBe('open');
  });

  it('ends a quiet incident: Vigil resolves it and every alert, acknowledged or snoozed, with the reason', () => {
    const m = manager();
    const a = m.ingestCandidate(bruteForce, 0);
    const b = m.ingestCandidate(hadoopError, SECOND); // starts together: joins the incident
    const [incident] = m.listIncidents();
    expect(incident!.alertIds).toEqual([a.id, b.id]);
    m.act({ id: a.id, action: 'ack' }, 2 * SECOND);
    m.act({ id: b.id, action: 'snooze', durationMs: 60 * MINUTE }, 2 * SECOND);
    tickThrough(m, 2 * SECOND, SECOND + GAP - SECOND);
    expect(m.incidentDetail(incident!.id, GAP).incident.status).not.toBe('resolved');
    tickThrough(m, SECOND + GAP, SECOND + GAP);

    const { incident: ended, alerts } = m.incidentDetail(incident!.id, SECOND + GAP);
    expect(ended.status).toBe('resolved');
    expect(ended.audit.at(-1)).toMatchObject({
      who: 'vigil',
      action: 'resolve',
      text: 'the episode ended: no occurrence for 2 min',
    });
    expect(ended.timeline.at(-1)).toMatchObject({ kind: 'resolved', text: ended.audit.at(-1)!.text });
    expect(Incident.parse(ended)).toEqual(ended);
    expect(alerts.map((x) => [x.status, x.audit?.at(-1)?.who, x.audit?.at(-1)?.action])).toEqual([
      ['resolved', 'vigil', 'resolve'],
      ['resolved', 'vigil', 'resolve'],
    ]);
  });

  it('opens a new incident, notified, when the same alert fires after the episode ended', () => {
    const m = manager();
    const first = m.ingestCandidate(bruteForce, 0);
    const notified = tickThrough(m, 0, 5 * MINUTE);
    const oldId = m.listIncidents()[0]!.id;
    expect(notified).toEqual([oldId]);

    const again = m.ingestCandidate(bruteForce, 5 * MINUTE + SECOND);
    expect(again.id).toBe(first.id);
    expect(again).toMatchObject({ status: 'open', occurrence: 2, count: 1 });
    const newId = again.incidentId!;
    expect(newId).not.toBe(oldId);
    expect(tickThrough(m, 5 * MINUTE + SECOND, 6 * MINUTE)).toEqual([newId]);

    const old = m.incidentDetail(oldId, 6 * MINUTE);
    expect(old.incident).toMatchObject({ status: 'resolved', occurrence: 1 });
    // The alert is the new incident's now; resolving the old one again leaves it open.
    expect(old.alerts).toEqual([]);
    m.actOnIncident({ id: oldId, action: 'resolve' }, 6 * MINUTE);
    expect(m.incidentDetail(newId, 6 * MINUTE)).toMatchObject({
      incident: { status: 'open', alertIds: [first.id], occurrence: 1 },
      alerts: [{ id: first.id, status: 'open' }],
    });
  });

  it('reopens the same incident when it was resolved by hand and the alert fires within the gap', () => {
    const m = manager();
    m.ingestCandidate(bruteForce, 0);
    const id = m.listIncidents()[0]!.id;
    m.actOnIncident({ id, action: 'resolve' }, 10 * SECOND);
    const again = m.ingestCandidate(bruteForce, 60 * SECOND);
    expect(again.incidentId).toBe(id);
    expect(m.incidentDetail(id, 60 * SECOND).incident).toMatchObject({ status: 'open', occurrence: 2 });
    expect(m.listIncidents()).toHaveLength(1);
  });

  it('with 0, never ends an incident by quiet: the alerts’ 30 min auto-resolve does, and a firing reopens it', () => {
    const m = manager(0);
    m.ingestCandidate(bruteForce, 0);
    const id = m.listIncidents()[0]!.id;
    m.tick(29 * MINUTE);
    expect(m.incidentDetail(id, 29 * MINUTE).incident.status).toBe('open');
    m.tick(30 * MINUTE);
    expect(m.incidentDetail(id, 30 * MINUTE).incident.status).toBe('resolved');
    m.ingestCandidate(bruteForce, 40 * MINUTE);
    expect(m.listIncidents()).toHaveLength(1);
    expect(m.incidentDetail(id, 40 * MINUTE).incident).toMatchObject({ status: 'open', occurrence: 2 });
  });

  it('takes no new alert into an incident quiet for the gap, even before the tick ends it', () => {
    const m = manager();
    m.ingestCandidate(hadoopError, 0);
    m.ingestCandidate({ ...hadoopError, groupKey: 'rm-other', templateId: 'rm-other' }, GAP + SECOND);
    expect(m.listIncidents().map((i) => i.alertCount)).toEqual([1, 1]);
  });

  it('keeps the ended incident and the new one, each with its own alerts, across a restart', async () => {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-episodes-'));
    try {
      const first = await AlertManager.open({ dir, sync: 'never' }, { actor: 'ana' }, 0);
      const alert = first.ingestCandidate(bruteForce, 0);
      const oldId = alert.incidentId!;
      tickThrough(first, 0, 3 * MINUTE);
      const newId = first.ingestCandidate(bruteForce, 3 * MINUTE).incidentId!;
      await first.recordBatch(3 * MINUTE);
      await first.close();

      const second = await AlertManager.open({ dir, sync: 'never' }, { actor: 'ana' }, 4 * MINUTE);
      expect(second.historyStatus()?.loadProblems).toEqual([]);
      expect(second.incidentDetail(oldId, 4 * MINUTE)).toMatchObject({
        incident: { status: 'resolved' },
        alerts: [],
      });
      expect(second.incidentDetail(newId, 4 * MINUTE)).toMatchObject({
        incident: { status: 'open' },
        alerts: [{ id: alert.id, occurrence: 2, incidentId: newId }],
      });
      await second.close();
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  });
});
