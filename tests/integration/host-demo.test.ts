/**
 * `npm run serve -- --demo` as a user runs it: the host process with the real engine on the demo
 * source, driven over REST and WebSocket, then stopped with SIGTERM. Checks the flows the console
 * depends on (status, analyze, alerts and their actions, patterns, models, live events) and that
 * the token shows up only in the one startup line.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  Alert,
  AnalyzeResult,
  EngineStatus,
  type EventBatch,
  Incident,
  IncidentDetail,
  ModelStatus,
  PatternSummary,
  ServerMessage,
} from '../../core/contract';
import { eventually } from '../harness/kafka-fixtures';

const REPO = join(__dirname, '..', '..');
const TOKEN = `demo-it-${Date.now().toString(36)}-0123456789abcdef`;
const dataDir = mkdtempSync(join(tmpdir(), 'vigil-host-demo-'));

let child: ChildProcessWithoutNullStreams;
let base = '';
let stdout = '';
let stderr = '';
let exit: Promise<number | null>;

beforeAll(async () => {
  child = spawn(
    join(REPO, 'node_modules/.bin/tsx'),
    ['core/host/main.ts', '--port', '0', '--demo', '--data-dir', dataDir],
    {
      cwd: REPO,
      env: { ...process.env, VIGIL_TOKEN: TOKEN },
      stdio: 'pipe',
    },
  );
  exit = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  await eventually('the console URL line', () => /Vigil console: (\S+)/.test(stdout), 120_000);
  const url = new URL(/Vigil console: (\S+)/.exec(stdout)![1]!);
  expect(url.searchParams.get('token')).toBe(TOKEN);
  base = url.origin;
});

afterAll(async () => {
  if (child.exitCode === null) {
    child.kill('SIGKILL');
    await exit;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

const auth = { Authorization: `Bearer ${TOKEN}` };
async function getJson(path: string): Promise<unknown> {
  const res = await fetch(base + path, { headers: auth });
  expect([path, res.status]).toEqual([path, 200]);
  return res.json();
}
async function postJson(path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

describe('the host with the demo engine', () => {
  it('reports a running demo engine with the documented status shape', async () => {
    const status = EngineStatus.parse(await getJson('/api/ml/real_time'));
    expect(status.running).toBe(true);
    expect(status.source).toBe('demo');
    await eventually(
      'demo logs processed',
      async () => EngineStatus.parse(await getJson('/api/ml/real_time')).stats.processed > 0,
    );
    const health = (await getJson('/api/health')) as { status: string; reasons: string[]; running: boolean };
    expect(['healthy', 'degraded', 'unhealthy']).toContain(health.status);
    expect(health.running).toBe(true);
  });

  it('analyzes logs given as text and as objects, in input order', async () => {
    const logs = [
      'Dec 10 07:07:38 LabSZ sshd[24206]: Failed password for invalid user test9 from 52.80.34.196 port 36060 ssh2',
      { message: 'GC pause took 2300 ms', level: 'warn', service: 'api' },
      '081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating',
    ];
    const { status, body } = await postJson('/api/ml/analyze', { logs });
    expect(status).toBe(200);
    const results = (body as { results: unknown[] }).results.map((result) => AnalyzeResult.parse(result));
    expect(results).toHaveLength(3);
    expect(results[0]?.category).toBe('security');
    expect(results[1]?.level).toBe('warn');
    expect(results[2]?.level).toBe('info');
    // What the parser understood rides beside each analysis (docs/formats.md).
    expect(results[0]?.record).toMatchObject({
      service: 'sshd',
      host: 'LabSZ',
      format: 'plain',
      error: null,
    });
    expect(results[1]?.record).toMatchObject({
      service: 'api',
      level: 'warn',
      message: 'GC pause took 2300 ms',
      format: 'json',
    });
  });

  it('lists the alerts the demo incidents raise, filters them, and acts on one', async () => {
    let alerts: Alert[] = [];
    await eventually(
      'a demo alert',
      async () => {
        alerts = ((await getJson('/api/alerts')) as { alerts: unknown[] }).alerts.map((alert) =>
          Alert.parse(alert),
        );
        return alerts.length > 0;
      },
      120_000,
    );
    const target = alerts[0]!;
    const filtered = ((await getJson(`/api/alerts?level=${target.level}&limit=50`)) as { alerts: Alert[] })
      .alerts;
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((alert) => alert.level === target.level)).toBe(true);

    const acked = await postJson(`/api/alerts/${encodeURIComponent(target.id)}/ack`, {});
    expect(acked.status).toBe(200);
    expect(Alert.parse(acked.body).status).toBe('acknowledged');
    const snoozed = await postJson(`/api/alerts/${encodeURIComponent(target.id)}/snooze`, {
      durationMs: 60_000,
    });
    expect(Alert.parse(snoozed.body).snoozedUntil).not.toBeNull();
    const resolved = await postJson(`/api/alerts/${encodeURIComponent(target.id)}/resolve`, {});
    expect(Alert.parse(resolved.body).status).toBe('resolved');

    const missing = await postJson('/api/alerts/no-such-alert/ack', {});
    expect(missing.status).toBe(404);
  });

  it('groups the demo alerts into incidents and acknowledges one with all of its alerts, recording who', async () => {
    let incidents: Incident[] = [];
    await eventually(
      'a demo incident',
      async () => {
        incidents = ((await getJson('/api/incidents?status=open')) as { incidents: unknown[] }).incidents.map(
          (incident) => Incident.parse(incident),
        );
        return incidents.length > 0;
      },
      120_000,
    );
    const target = incidents[0]!;
    const detail = IncidentDetail.parse(await getJson(`/api/incidents/${encodeURIComponent(target.id)}`));
    expect(detail.alerts.map((a) => a.id).sort()).toEqual(detail.incident.alertIds.slice().sort());
    const acked = await postJson(`/api/incidents/${encodeURIComponent(target.id)}/ack`, {});
    expect(acked.status).toBe(200);
    const after = IncidentDetail.parse(acked.body);
    expect(after.incident.status).toBe('acknowledged');
    const who = after.incident.audit.at(-1)?.who ?? '';
    expect(who).not.toBe('');
    for (const alert of after.alerts.filter((a) => a.status !== 'resolved'))
      expect([alert.status, alert.audit?.at(-1)?.who]).toEqual(['acknowledged', who]);
    const snoozed = await postJson(`/api/incidents/${encodeURIComponent(target.id)}/snooze`, {
      durationMs: 60_000,
    });
    expect(IncidentDetail.parse(snoozed.body).incident.status).toBe('snoozed');
    const listed = (await getJson('/api/incidents?status=snoozed')) as { incidents: Incident[] };
    expect(listed.incidents.map((i) => i.id)).toContain(target.id);
  });

  it('lists patterns and the model status', async () => {
    await eventually(
      'mined patterns',
      async () => ((await getJson('/api/patterns?limit=10')) as { patterns: unknown[] }).patterns.length > 0,
    );
    const { patterns } = (await getJson('/api/patterns?limit=10')) as { patterns: unknown[] };
    expect(patterns.length).toBeLessThanOrEqual(10);
    patterns.forEach((pattern) => PatternSummary.parse(pattern));
    ModelStatus.parse(await getJson('/api/models'));
  });

  it('streams event batches over the WebSocket and answers commands on it', async () => {
    const ws = new WebSocket(`${base.replace('http:', 'ws:')}/api/ws?token=${TOKEN}`, {
      headers: { Origin: base },
    });
    const batches: EventBatch[] = [];
    const replies: ServerMessage[] = [];
    ws.on('message', (data) => {
      const message = ServerMessage.parse(JSON.parse((data as Buffer).toString('utf8')));
      if (message.kind === 'events') batches.push(message.batch);
      else replies.push(message);
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.send(JSON.stringify({ id: 1, command: 'engine:status', request: {} }));
    await eventually('three event batches and the reply', () => batches.length >= 3 && replies.length >= 1);
    expect(replies[0]).toMatchObject({ kind: 'response', id: 1, response: { running: true } });
    expect(batches.map((batch) => batch.seq).slice(0, 3)).toEqual([1, 2, 3]);
    expect(batches.some((batch) => batch.events.some((event) => event.type === 'status'))).toBe(true);
    ws.close();
  });

  it('stops and restarts the engine over REST', async () => {
    const stopped = await postJson('/api/ml/real_time', { operation: 'stop' });
    expect(stopped.status).toBe(200);
    expect(EngineStatus.parse(stopped.body).running).toBe(false);
    const again = await postJson('/api/ml/real_time', { operation: 'stop' });
    expect([200, 409]).toContain(again.status);
    const started = await postJson('/api/ml/real_time', { operation: 'start', source: 'demo', rate: 100 });
    expect(started.status).toBe(200);
    expect(EngineStatus.parse(started.body)).toMatchObject({ running: true, source: 'demo' });
    const twice = await postJson('/api/ml/real_time', { operation: 'start', source: 'demo' });
    expect(twice.status).toBe(409);
  });

  it('shuts down cleanly on SIGTERM, having printed the token only in the URL line', async () => {
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(stderr).not.toContain(TOKEN);
    expect(stdout.split('\n').filter((line) => line.includes(TOKEN))).toEqual([
      `Vigil console: ${base}/?token=${TOKEN}`,
    ]);
    expect(stderr).toContain('SIGTERM received');
  });
});
