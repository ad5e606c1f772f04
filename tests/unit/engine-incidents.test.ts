/**
 * Incidents through the engine's command boundary (dispatch, as IPC and REST reach it): logs
 * delivered by a source become an incident, which is listed, read, acknowledged with its alerts and
 * annotated; `who` comes from the engine's `actorName`, never from the request.
 */
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IncidentDetail } from '../../core/contract';
import { createEngine } from '../../core/engine/create';
import { dispatch } from '../../core/engine/dispatch';
import { FakeLogSource } from './engine-fake-source';

let dataDir: string;
let client: Awaited<ReturnType<typeof createEngine>> | null = null;
let source: FakeLogSource;

beforeEach(async () => {
  dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-engine-incidents-'));
  source = new FakeLogSource();
  client = await createEngine({
    dataDir,
    modelsDir: path.join(dataDir, 'no-models'),
    actorName: 'Ana Lima',
    engine: { createSource: () => source, tickMs: 3_600_000, eventIntervalMs: 3_600_000 },
  });
});

afterEach(async () => {
  await client?.close();
  client = null;
  await fsp.rm(dataDir, { recursive: true, force: true });
});

describe('incidents through dispatch', () => {
  it('lists, reads, acknowledges (with every alert) and annotates an incident, as the engine’s actor', async () => {
    const engine = client!.engine;
    await dispatch(engine, 'engine:start', { source: 'demo' });
    // OpenSSH auth log lines (data/loghub/OpenSSH): one address guessing passwords.
    await source.deliver(
      source.messages([
        ...Array<string>(20).fill('Failed password for invalid user admin from 183.62.140.253 port 22 ssh2'),
        ...Array<string>(12).fill(
          'pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=183.62.140.253  user=root',
        ),
      ]),
    );
    const { incidents } = (await dispatch(engine, 'incidents:list', { status: ['open'] })) as {
      incidents: Array<{ id: string; alertCount: number }>;
    };
    expect(incidents).toHaveLength(1);
    const id = incidents[0]!.id;
    const detail = IncidentDetail.parse(await dispatch(engine, 'incidents:get', { id }));
    expect(detail.alerts.length).toBe(detail.incident.alertCount);
    expect(detail.alerts.length).toBeGreaterThan(0);

    const acked = IncidentDetail.parse(await dispatch(engine, 'incidents:act', { id, action: 'ack' }));
    expect(acked.incident.status).toBe('acknowledged');
    expect(acked.incident.audit.at(-1)).toMatchObject({ who: 'Ana Lima', action: 'ack' });
    expect(
      acked.alerts.every((a) => a.status === 'acknowledged' && a.audit?.at(-1)?.who === 'Ana Lima'),
    ).toBe(true);

    await dispatch(engine, 'incidents:act', { id, action: 'note', text: 'blocked at the edge' });
    const noted = IncidentDetail.parse(await dispatch(engine, 'incidents:get', { id }));
    expect(noted.incident.timeline.at(-1)).toMatchObject({
      kind: 'note',
      text: 'Ana Lima: blocked at the edge',
    });
  });

  it('refuses a who in the request, and answers not_found for an unknown incident', async () => {
    const engine = client!.engine;
    await expect(
      dispatch(engine, 'incidents:act', { id: 'in-x', action: 'note', text: 'x', who: 'root' }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(dispatch(engine, 'incidents:get', { id: 'in-missing' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
