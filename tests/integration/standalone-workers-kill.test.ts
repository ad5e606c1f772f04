/**
 * Issue 19 item 3 for STANDALONE, a crash: one `vigil serve` process started over REST with
 * `workers: 2` and no role (two engine threads in the installation's consumer group, the second
 * sending its evidence to the main engine over a MessagePort), a 6-partition topic of 50,000 logs
 * with a 600-failure brute force over every partition. The process is SIGKILLed while it analyzes,
 * then started again on the same data folder: the log offsets end at the high watermarks and the
 * brute-force count is exactly 600. Batches journaled before the kill but not yet committed come
 * again after it and are refused by the applied offsets kept with the alerts (docs/scaling.md,
 * "Standalone on every core"); the test prints how many were.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Partitioners } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Alert, EngineStatus } from '../../core/contract';
import { installationGroup } from '../../core/engine/installation-group';
import { testBrokers } from '../harness/brokers';
import { createTopics, eventually, testKafka, uniqueName, withAdmin } from '../harness/kafka-fixtures';
import { BURST, clusterStream, PARTITIONS, produceStream } from './support/cluster-stream';
import { committedCount, committedToHigh } from './support/group-offsets';

const REPO = join(__dirname, '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'vigil-standalone-kill-'));
const noModels = join(scratch, 'no-models'); // the rule pack decides the brute force
mkdirSync(noModels);
const dataDir = join(scratch, 'standalone');
mkdirSync(dataDir);
writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ settings: { historyEnabled: false } }));

interface Host {
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

async function serve(): Promise<Host> {
  const token = `standalone-kill-${Date.now().toString(36)}-0123456789abcdef`;
  // Node with tsx as a loader, so that the SIGKILL reaches the process running the engine threads.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'core/host/main.ts', '--port', '0', '--data-dir', dataDir],
    { cwd: REPO, env: { ...process.env, VIGIL_TOKEN: token, VIGIL_MODELS_DIR: noModels }, stdio: 'pipe' },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-200_000)));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const host: Host = { child, base: '', token, stderr: () => stderr, exit };
  hosts.push(host);
  await eventually('the console URL line', () => /Vigil console: (\S+)/.test(stdout), 180_000);
  host.base = new URL(/Vigil console: (\S+)/.exec(stdout)![1]!).origin;
  return host;
}

async function call(host: Host, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(host.base + path, {
    method,
    headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json: unknown = await res.json();
  if (res.status !== 200)
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json).slice(0, 500)}`);
  return json;
}

const status = async (host: Host) => EngineStatus.parse(await call(host, 'GET', '/api/ml/real_time'));

describe('standalone with workers 2: a SIGKILLed process started again', () => {
  it('neither loses nor doubles a failure', { timeout: 420_000 }, async () => {
    const brokers = testBrokers();
    const logTopic = uniqueName('standalone-kill-logs');
    const lines = clusterStream();
    await createTopics(brokers, [logTopic], PARTITIONS);
    const start = { operation: 'start', brokers, topics: [logTopic], fromBeginning: true, workers: 2 };
    const first = await serve();
    const started = EngineStatus.parse(await call(first, 'POST', '/api/ml/real_time', start));
    expect([started.running, started.workers]).toEqual([true, 2]);
    const group = await installationGroup(dataDir);
    const members = () =>
      withAdmin(brokers, async (admin) => {
        const [g] = (await admin.describeGroups([group])).groups;
        return g?.state === 'Stable' ? g.members.length : 0;
      });
    await eventually(
      'two engine threads in the installation group',
      async () => (await members()) === 2,
      120_000,
    );
    const committedAll = () => committedToHigh(brokers, group, logTopic);
    const committedLogs = () => committedCount(brokers, group, logTopic);
    const producer = testKafka(brokers).producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const send = (from: number, to: number) => produceStream(producer, logTopic, lines, from, to);
    try {
      // 40 % analyzed and committed by both threads; then the process dies in the rest.
      await send(0, 20_000);
      await eventually('the first 20,000 logs committed', committedAll, 180_000);
      const before = (await status(first)).stats.processed;
      const rest = send(20_000, lines.length);
      await eventually(
        'the rest is being analyzed',
        async () => (await status(first)).stats.processed > before,
        60_000,
      );
      first.child.kill('SIGKILL');
      await first.exit;
      const atKill = await committedLogs();
      console.log(
        `standalone workers kill: SIGKILLed while analyzing, ${atKill} of ${lines.length} logs committed`,
      );
      // The kill came mid-stream: logs were left to analyze after the restart.
      expect(atKill).toBeLessThan(lines.length);
      await rest;
    } finally {
      await producer.disconnect();
    }

    const again = await serve();
    const restarted = EngineStatus.parse(await call(again, 'POST', '/api/ml/real_time', start));
    expect(restarted.workers).toBe(2);
    const killedAt = Date.now();
    await eventually('log offsets committed to the high watermarks', committedAll, 240_000);
    const bruteForce = async () =>
      z
        .object({ alerts: z.array(Alert) })
        .parse(await call(again, 'GET', '/api/alerts?limit=5000'))
        .alerts.filter((a) => a.fingerprint.includes('sshd.brute-force'));
    await new Promise((r) => setTimeout(r, 3000)); // settled: nothing more to count
    const counts = (await bruteForce()).map((a) => a.count);
    const refusals = again.stderr().match(/\[engine\] [^\n]*applied already[^\n]*/g) ?? [];
    const refused = refusals.length;
    if (refused > 0) console.log(`standalone workers kill: ${refusals.slice(0, 5).join('\n  ')}`);
    console.log(
      `standalone workers kill: offsets complete ${Date.now() - killedAt} ms after the restart; brute force ${counts.join(',')} for ${BURST} failures; ${refused} batch(es) or log runs refused or skipped as applied already`,
    );
    expect(counts).toEqual([BURST]);
    expect((await status(again)).workers).toBe(2);
  });
});
