/**
 * Issue 19 against the real broker: incidents in the console role. An analyzer's fold member writes
 * the alert states; two console engines (in-process, started through `engine:start` with role
 * `console`) group them into the same incidents, with the same ids. Acknowledging the incident on
 * one console acknowledges each of its alerts through the actions topic: the other console shows
 * the incident and all its alerts acknowledged, with who and when. Each console notifies the
 * incident once when it opens (not when an alert joins it); a console started later reads the same
 * (open, critical) incident as its backlog and notifies nothing. Evidence: real lines of the Loghub
 * OpenSSH sample.
 */
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AlertManager } from '../../core/alerts/alert-manager';
import { AlertFolder } from '../../core/cluster/alert-folder';
import type { Evidence } from '../../core/cluster/evidence';
import { clusterTopics } from '../../core/cluster/topics';
import { KafkaConfig, StartRequest, type Alert, type EventBatch } from '../../core/contract';
import { Engine } from '../../core/engine/engine';
import { RulesOnlyModelPort } from '../../core/engine/model-port-impl';
import type { SourceLogger } from '../../core/ingest/kafka-log';
import { rawLines } from '../fixtures/loghub';
import { testBrokers } from '../harness/brokers';
import { eventually, testKafka, uniqueName } from '../harness/kafka-fixtures';
import { produceEvidence } from './support/cluster-evidence';

const logger: SourceLogger = () => undefined;
const SSH = rawLines('OpenSSH');
const SSHD = SSH.find((l) => l.includes('Failed password for invalid user webmaster from 173.234.31.186'))!;
const PAM = SSH.find((l) => l.includes('authentication failure;') && l.includes('rhost=173.234.31.186'))!;

function evidence(kind: 'sshd' | 'pam', at: number): Evidence {
  const sshd = kind === 'sshd';
  return {
    v: 1,
    fingerprint: sshd ? 'security|rule:sshd.brute-force|sshd' : 'security|rule:sshd.auth-failure|sshd',
    level: sshd ? 'critical' : 'high',
    trigger: 'security',
    title: sshd ? 'Possible brute-force attack on sshd' : 'Authentication failures on sshd(pam_unix)',
    reason: sshd ? 'Repeated failed passwords.' : 'Repeated authentication failures.',
    service: 'sshd',
    topic: 'logs',
    templateId: null,
    template: sshd
      ? 'Failed password for invalid user <*> from <*> port <*> ssh2'
      : 'pam_unix(sshd:auth): authentication failure; logname= uid=<*> euid=<*> tty=ssh ruser= rhost=<*>',
    rule: null,
    count: 20,
    firstSeen: at,
    lastSeen: at + 5_000,
    samples: [{ time: at, text: sshd ? SSHD : PAM }],
  };
}

interface Console {
  engine: Engine;
  batches: EventBatch[];
  dir: string;
}

const notices = (c: Console): Alert[] =>
  c.batches.flatMap((b) => b.events.flatMap((e) => (e.type === 'notify' ? e.alerts : [])));

describe('cluster: incidents on consoles', () => {
  const brokers = testBrokers();
  const cluster = uniqueName('incidents');
  const kafka = KafkaConfig.parse({ brokers, clientId: 'vigil-cluster-incidents-test' });
  const folder = new AlertFolder({
    kafka,
    cluster,
    memberId: 'a',
    partitions: 6,
    sessionTimeoutMs: 6000,
    logger,
  });
  const consoles: Console[] = [];

  async function startConsole(actorName: string): Promise<Console> {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-cluster-incidents-'));
    const engine = await Engine.open({
      dataDir: dir,
      models: new RulesOnlyModelPort('no model in this test'),
      actorName,
      // No group wait: a notice is due at the next tick (the policy is otherwise the default one).
      alertManager: new AlertManager({ policy: { groupWaitMs: 0 }, actor: actorName }),
      createSource: () => {
        throw new Error('a console reads no logs');
      },
      eventIntervalMs: 100,
    });
    const c: Console = { engine, batches: [], dir };
    engine.onEvents((batch) => c.batches.push(batch));
    consoles.push(c);
    await engine.start(StartRequest.parse({ source: 'kafka', kafka, role: 'console', cluster }));
    return c;
  }

  afterAll(async () => {
    for (const c of consoles) {
      await c.engine.close();
      await fsp.rm(c.dir, { recursive: true, force: true });
    }
    await folder.stop();
  });

  it('groups the same incident on both consoles and notifies it once, when it opens', async () => {
    await folder.start();
    await eventually('the fold member owns every partition', () => folder.ownedPartitions().length === 6);
    const a = await startConsole('alice');
    const b = await startConsole('bob');

    const at = Date.now() - 60_000;
    await produceEvidence(testKafka(brokers), clusterTopics(cluster).evidence, [evidence('sshd', at)]);
    await eventually(
      'both consoles notify the new incident',
      () => notices(a).length > 0 && notices(b).length > 0,
      30_000,
    );
    // The same attacker's pam_unix failures join the incident: no notice of their own.
    await produceEvidence(testKafka(brokers), clusterTopics(cluster).evidence, [
      evidence('pam', at + 10_000),
    ]);
    await eventually(
      'both consoles group the two alerts into one incident',
      () => [a, b].every((c) => c.engine.listIncidents({})[0]?.alertCount === 2),
      30_000,
    );
    const [one] = a.engine.listIncidents({});
    expect(b.engine.listIncidents({})).toEqual(a.engine.listIncidents({}));
    expect(one).toMatchObject({
      level: 'critical',
      status: 'open',
      groupKey: expect.stringContaining('address=173.234.31.186') as string,
    });
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // two more ticks: nothing more to notify
    for (const c of [a, b]) {
      expect(notices(c).map((n) => [n.incidentId, n.level])).toEqual([[one!.id, 'critical']]);
    }
  });

  it('a console started later shows the same incidents and notifies none of the backlog', async () => {
    const late = await startConsole('carol');
    await eventually(
      'the late console groups the incident',
      () => late.engine.listIncidents({})[0]?.alertCount === 2,
      30_000,
    );
    expect(late.engine.listIncidents({})).toEqual(consoles[0]!.engine.listIncidents({}));
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(notices(late)).toEqual([]);
  });
  it('an acknowledgement of the incident on one console shows, with who and when, on the other', async () => {
    const [a, b, late] = consoles;
    const [incident] = a!.engine.listIncidents({});
    const sent = Date.now();
    const acked = await a!.engine.actOnIncident({ id: incident!.id, action: 'ack' });
    const answeredMs = Date.now() - sent;
    expect(acked.incident.status).toBe('acknowledged');
    const at = acked.incident.audit.at(-1)!.at;
    expect(acked.incident.audit).toEqual([{ at, who: 'alice', action: 'ack', text: null }]);
    await eventually(
      'consoles B and C show the incident acknowledged',
      () => [b!, late!].every((c) => c.engine.listIncidents({})[0]?.status === 'acknowledged'),
      10_000,
    );
    const seenMs = Date.now() - sent;
    const detail = await b!.engine.incidentDetail(incident!.id);
    expect(detail.alerts).toHaveLength(2);
    for (const alert of detail.alerts) {
      expect(alert.status).toBe('acknowledged');
      expect(alert.audit?.at(-1)).toEqual({ at, who: 'alice', action: 'ack', text: null });
    }
    expect(detail.incident.timeline.at(-1)).toMatchObject({ at, kind: 'acknowledged', text: 'by alice' });
    console.log(
      `[cluster incidents] incident ack answered on console A after ${answeredMs} ms, seen on console B after ${seenMs} ms`,
    );
    expect(seenMs).toBeLessThan(2_000);
  });
});
