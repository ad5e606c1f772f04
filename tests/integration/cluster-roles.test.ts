/**
 * Issue 19, the roles run from start requests, end to end against the real broker: four `vigil
 * serve` host processes (each its own data folder, token and actor), two started over REST as
 * analyzers and two as consoles of one cluster; a 6-partition log topic, 50,000 Loghub logs with a
 * 600-failure OpenSSH brute force spread over every partition.
 * - both consoles and the analyzers show one brute-force alert whose count is exactly 600;
 * - an acknowledgement on one console shows, with who and when, on the other console and in both
 *   analyzers' `GET /api/alerts` (the latency is printed; the target is 2 s);
 * - one analyzer PROCESS is SIGKILLed mid-stream: the other takes its log and fold partitions, the
 *   log group's committed offsets end at the high watermarks and the count stays exactly 600;
 * - the incidents over the cluster's alerts (`GET /api/incidents`) are the same, ids included, on both
 *   consoles and the surviving analyzer, and the brute force's incident holds it;
 * - a resolve on one console shows on the other; an acknowledgement of the resolved alert is refused.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Partitioners, type Producer } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { clusterGroups } from '../../core/cluster/topics';
import WebSocket from 'ws';
import { Alert, EngineStatus, Incident, ServerMessage } from '../../core/contract';
import { testBrokers } from '../harness/brokers';
import { createTopics, eventually, testKafka, uniqueName, withAdmin } from '../harness/kafka-fixtures';
import { BURST, clusterStream } from './support/cluster-stream';

const REPO = join(__dirname, '..', '..');
const PARTITIONS = 6;
const scratch = mkdtempSync(join(tmpdir(), 'vigil-cluster-roles-'));
// No model in this folder: the rule pack decides the brute force; the keyword rules do the rest.
const noModels = join(scratch, 'no-models');
mkdirSync(noModels);

interface Host {
  name: string;
  actor: string;
  child: ChildProcessWithoutNullStreams;
  base: string;
  token: string;
  stderr: () => string;
  exit: Promise<number | null>;
}

const hosts: Host[] = [];

afterAll(async () => {
  for (const h of hosts)
    if (h.child.exitCode === null && h.child.signalCode === null) h.child.kill('SIGTERM');
  await Promise.all(hosts.map((h) => Promise.race([h.exit, new Promise((r) => setTimeout(r, 15_000))])));
  for (const h of hosts)
    if (h.child.exitCode === null && h.child.signalCode === null) h.child.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});

async function serve(name: string, actor: string): Promise<Host> {
  const dataDir = join(scratch, name);
  mkdirSync(dataDir);
  // Who acts through this host (Settings actorName); no history: four hosts share two cores.
  writeFileSync(
    join(dataDir, 'settings.json'),
    JSON.stringify({ settings: { actorName: actor, historyEnabled: false } }),
  );
  const token = `roles-${name}-${Date.now().toString(36)}-0123456789abcdef`;
  // Node itself with tsx as a loader (not the tsx command, which runs Node as its child): the
  // SIGKILL below must reach the process that runs the engine.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'core/host/main.ts', '--port', '0', '--data-dir', dataDir],
    { cwd: REPO, env: { ...process.env, VIGIL_TOKEN: token, VIGIL_MODELS_DIR: noModels }, stdio: 'pipe' },
  );
  let stdout = '';
  let stderr = '';
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-20_000)));
  const host: Host = { name, actor, child, base: '', token, stderr: () => stderr, exit };
  hosts.push(host);
  await eventually(`${name}: the console URL line`, () => /Vigil console: (\S+)/.test(stdout), 180_000);
  host.base = new URL(/Vigil console: (\S+)/.exec(stdout)![1]!).origin;
  return host;
}

async function call(host: Host, method: 'GET' | 'POST', path: string, body?: unknown) {
  const res = await fetch(host.base + path, {
    method,
    headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json: unknown = await res.json();
  if (res.status !== 200)
    throw new Error(`${host.name} ${method} ${path}: ${res.status} ${JSON.stringify(json).slice(0, 500)}`);
  return json;
}

async function bruteForce(host: Host): Promise<Alert | null> {
  const { alerts } = (await call(host, 'GET', '/api/alerts?trigger=security&limit=5000')) as {
    alerts: unknown[];
  };
  const found = alerts.map((a) => Alert.parse(a)).filter((a) => a.fingerprint.includes('sshd.brute-force'));
  if (found.length > 1) throw new Error(`${host.name} shows ${found.length} brute-force alerts`);
  return found[0] ?? null;
}

/** Acts on one host and measures when the others show the action, with its who and when. */
async function act(host: Host, id: string, action: 'ack' | 'note' | 'resolve', body: object, others: Host[]) {
  const sentAt = Date.now();
  const answered = Alert.parse(await call(host, 'POST', `/api/alerts/${id}/${action}`, body));
  const answeredMs = Date.now() - sentAt;
  const entry = answered.audit?.filter((e) => e.action === action).at(-1);
  if (entry === undefined) throw new Error(`${host.name}: the ${action} is not in the answer's audit`);
  expect(entry.at).toBeGreaterThanOrEqual(sentAt - 1000);
  const seenMs: Record<string, number> = {};
  await eventually(
    `the ${action} shows on ${others.map((h) => h.name).join(', ')}`,
    async () => {
      for (const h of others) {
        if (seenMs[h.name] !== undefined) continue;
        const seen = await bruteForce(h);
        const audit = seen?.audit?.find((e) => e.action === action && e.at === entry.at);
        const status = { ack: 'acknowledged', resolve: 'resolved', note: seen?.status }[action];
        if (audit?.who === entry.who && seen?.status === status) seenMs[h.name] = Date.now() - sentAt;
      }
      return Object.keys(seenMs).length === others.length;
    },
    30_000,
  );
  const seen = Object.entries(seenMs).map(([name, ms]) => `${name} ${ms} ms`);
  return { entry, seenMs, line: `by ${entry.who}: answered in ${answeredMs} ms; seen by ${seen.join(', ')}` };
}

async function produce(producer: Producer, topic: string, lines: string[], from: number, to: number) {
  for (let i = from; i < to; i += 1000) {
    await producer.send({
      topic,
      messages: lines
        .slice(i, Math.min(i + 1000, to))
        .map((line, j) => ({ value: line, partition: (i + j) % PARTITIONS })),
    });
  }
}

describe('cluster roles: analyzers and consoles started by engine:start', () => {
  const brokers = testBrokers();
  const cluster = uniqueName('roles');
  const logTopic = uniqueName('roles-logs');

  it(
    'counts 600 exactly on both consoles, shares an acknowledgement, survives a SIGKILLed analyzer',
    { timeout: 420_000 },
    async () => {
      const lines = clusterStream();
      await createTopics(brokers, [logTopic], PARTITIONS);
      const started = Date.now();
      const [analyzerA, analyzerB, consoleA, consoleB] = await Promise.all([
        serve('analyzer-a', 'analyzer-a-operator'),
        serve('analyzer-b', 'analyzer-b-operator'),
        serve('console-alice', 'alice'),
        serve('console-bob', 'bob'),
      ]);
      console.log(`cluster roles: four hosts up in ${Date.now() - started} ms`);

      const analyzerStart = {
        operation: 'start',
        role: 'analyzer',
        cluster,
        brokers,
        topics: [logTopic],
        fromBeginning: true,
        // Two analyzer processes of one engine thread each (an analyzer's default is one per core:
        // cluster-workers-role.test.ts runs two threads in one process).
        workers: 1,
      };
      const statuses = await Promise.all(
        [analyzerA, analyzerB].map(async (h) =>
          EngineStatus.parse(await call(h, 'POST', '/api/ml/real_time', analyzerStart)),
        ),
      );
      for (const status of statuses) {
        expect(status.running).toBe(true);
        expect(status.cluster?.role).toBe('analyzer');
        expect(status.cluster?.analyzerId).toMatch(/-[0-9a-f]{8}$/);
        expect(status.config?.source === 'kafka' && status.config.kafka.groupId).toBe(
          clusterGroups(cluster).logs,
        );
      }
      expect(statuses[0]!.cluster?.analyzerId).not.toBe(statuses[1]!.cluster?.analyzerId);
      for (const h of [consoleA, consoleB]) {
        const status = EngineStatus.parse(
          await call(h, 'POST', '/api/ml/real_time', {
            operation: 'start',
            role: 'console',
            cluster,
            brokers,
          }),
        );
        expect([status.running, status.cluster?.role, status.cluster?.cluster]).toEqual([
          true,
          'console',
          cluster,
        ]);
        expect(status.health.status).not.toBe('stopped');
      }
      // Both analyzers in the log group before the logs arrive, so that each analyzes part of them.
      await eventually(
        'both analyzers share the log partitions',
        async () =>
          withAdmin(brokers, async (admin) => {
            const { groups } = await admin.describeGroups([clusterGroups(cluster).logs]);
            return groups[0]?.state === 'Stable' && groups[0].members.length === 2;
          }),
        120_000,
      );

      const byPartition = (rows: Array<{ partition: number; offset: string }>) =>
        JSON.stringify(Object.fromEntries(rows.map((r) => [r.partition, r.offset])));
      /** Whether the analyzers' group has committed every log partition up to its high watermark. */
      const committedAll = () =>
        withAdmin(brokers, async (admin) => {
          const [committed, ends] = await Promise.all([
            admin.fetchOffsets({ groupId: clusterGroups(cluster).logs, topics: [logTopic] }),
            admin.fetchTopicOffsets(logTopic),
          ]);
          return (
            byPartition(committed[0]!.partitions) ===
            byPartition(ends.map((e) => ({ partition: e.partition, offset: e.high })))
          );
        });

      let killedAt = 0;
      const producer = testKafka(brokers).producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      try {
        // 40 % of the stream, analyzed and committed; then the acknowledgement on one console.
        await produce(producer, logTopic, lines, 0, 20_000);
        await eventually('the first 20,000 logs are committed', () => committedAll(), 180_000);
        let alert: Alert | null = null;
        await eventually(
          'both consoles show the brute-force alert',
          async () => {
            const [a, b] = [await bruteForce(consoleA), await bruteForce(consoleB)];
            alert = a;
            return a !== null && b !== null;
          },
          60_000,
        );
        const id = alert!.id;
        // Console B's window: the alert events its WebSocket carries (the Alerts view updates from them).
        const events: Alert[] = [];
        const ws = new WebSocket(`${consoleB.base.replace('http:', 'ws:')}/api/ws?token=${consoleB.token}`, {
          headers: { Origin: consoleB.base },
        });
        ws.on('message', (data) => {
          const message = ServerMessage.parse(JSON.parse((data as Buffer).toString('utf8')));
          if (message.kind !== 'events') return;
          for (const event of message.batch.events) if (event.type === 'alerts') events.push(...event.alerts);
        });
        await new Promise<void>((resolve, reject) => {
          ws.once('open', () => resolve());
          ws.once('error', reject);
        });
        const ack = await act(consoleA, id, 'ack', {}, [consoleB, analyzerA, analyzerB]);
        console.log(`cluster roles: acknowledgement (analyzers idle) ${ack.line}`);
        expect(ack.entry.who).toBe('alice');
        for (const ms of Object.values(ack.seenMs)) expect(ms).toBeLessThan(2000);
        await eventually(
          "the acknowledgement reaches console B's window as an alert event",
          () =>
            events.some(
              (a) => a.id === id && a.status === 'acknowledged' && a.audit?.at(-1)?.who === 'alice',
            ),
          10_000,
        );
        ws.close();

        // The next 20 % with a note from the other console while the analyzers are busy (printed:
        // the fold shares each analyzer's thread with the analysis), then a SIGKILL of analyzer A
        // mid-stream, then the rest.
        const busy = produce(producer, logTopic, lines, 20_000, 30_000);
        const note = await act(consoleB, id, 'note', { text: 'blocking the source address' }, [
          consoleA,
          analyzerA,
          analyzerB,
        ]);
        console.log(`cluster roles: note (analyzers busy) ${note.line}`);
        expect(note.entry.who).toBe('bob');
        await busy;
        // The rest of the stream; analyzer A is killed once it is analyzing it (a batch in hand).
        const shareBefore = EngineStatus.parse(await call(analyzerA, 'GET', '/api/ml/real_time')).stats
          .processed;
        const rest = produce(producer, logTopic, lines, 30_000, lines.length);
        let processed = shareBefore;
        await eventually(
          'analyzer A analyzes the rest of the stream',
          async () => {
            processed = EngineStatus.parse(await call(analyzerA, 'GET', '/api/ml/real_time')).stats.processed;
            return processed > shareBefore;
          },
          60_000,
        );
        killedAt = Date.now();
        analyzerA.child.kill('SIGKILL');
        console.log(
          `cluster roles: analyzer A SIGKILLed mid-stream, after ${processed} logs (${processed - shareBefore} since the last 20,000 began to arrive)`,
        );
        await rest;
      } finally {
        await producer.disconnect();
      }

      const progress = setInterval(() => {
        void call(analyzerB, 'GET', '/api/ml/real_time')
          .then((st) =>
            console.log(
              `cluster roles: analyzer B ${JSON.stringify((st as EngineStatus).cluster)} ${JSON.stringify((st as EngineStatus).stats.processed)}`,
            ),
          )
          .catch(() => undefined);
      }, 10_000);
      try {
        await eventually(
          'analyzer B owns every fold partition',
          async () => {
            const status = EngineStatus.parse(await call(analyzerB, 'GET', '/api/ml/real_time'));
            return status.cluster?.foldPartitions.length === PARTITIONS;
          },
          120_000,
        );
      } catch (error) {
        console.log(`cluster roles: analyzer B's stderr ends: ${analyzerB.stderr().slice(-4000)}`);
        throw error;
      } finally {
        clearInterval(progress);
      }
      const tookOver = Date.now() - killedAt;
      const exact = async () =>
        (await Promise.all([consoleA, consoleB, analyzerB].map(bruteForce))).every((a) => a?.count === BURST);
      await eventually('every console shows the brute force at exactly 600', exact, 150_000);
      console.log(
        `cluster roles: after the SIGKILL, analyzer B owned every fold partition in ${tookOver} ms; counts exact in ${Date.now() - killedAt} ms`,
      );
      await eventually('the log offsets are committed to the high watermarks', committedAll, 60_000);
      // Still exact once everything has settled (a doubled count would show here), still acknowledged.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      for (const h of [consoleA, consoleB, analyzerB]) {
        const a = await bruteForce(h);
        expect([h.name, a?.count, a?.status]).toEqual([h.name, BURST, 'acknowledged']);
      }

      const id = (await bruteForce(consoleA))!.id;
      // Incidents over the cluster's alerts, over REST: the same (ids included) on both consoles and
      // the surviving analyzer; the brute force's incident holds it, acknowledged as it is.
      const incidentsOf = async (h: Host) =>
        ((await call(h, 'GET', '/api/incidents?limit=5000')) as { incidents: unknown[] }).incidents.map((i) =>
          Incident.parse(i),
        );
      const sameIncidents = async () => {
        const [a, b, c] = await Promise.all([consoleA, consoleB, analyzerB].map(incidentsOf));
        return (
          a!.length > 0 && JSON.stringify(a) === JSON.stringify(b) && JSON.stringify(a) === JSON.stringify(c)
        );
      };
      await eventually('the same incidents on both consoles and analyzer B', sameIncidents, 15_000);
      const holding = (await incidentsOf(consoleB)).find((i) => i.alertIds.includes(id))!;
      const detail = (await call(consoleB, 'GET', `/api/incidents/${holding.id}`)) as { alerts: unknown[] };
      const held = detail.alerts.map((a) => Alert.parse(a)).find((a) => a.id === id);
      expect([held?.count, held?.status]).toEqual([BURST, 'acknowledged']);
      console.log(
        `cluster roles: ${(await incidentsOf(consoleA)).length} incidents, the same on both consoles and analyzer B`,
      );

      // Resolved on one console; an acknowledgement from the other is then refused (409), as the fold
      // would refuse it, and nothing is sent.
      const resolved = await act(consoleB, id, 'resolve', {}, [consoleA, analyzerB]);
      console.log(`cluster roles: resolve ${resolved.line}`);
      const refused = await fetch(`${consoleA.base}/api/alerts/${id}/ack`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${consoleA.token}`, 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect([refused.status, ((await refused.json()) as { error?: { code?: string } }).error?.code]).toEqual(
        [409, 'conflict'],
      );
    },
  );
});
