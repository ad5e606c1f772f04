/**
 * Issue 19 item 3, a crash: two analyzer PROCESSES (`vigil serve`, started over REST) with
 * `workers: 2` each, so four engine threads in the cluster's log group, on a 6-partition topic of
 * 50,000 logs with a 600-failure brute force over every partition. Analyzer A is SIGKILLed while it
 * analyzes, both its threads with it: analyzer B's two threads take its log partitions and its fold
 * member the fold partitions; the log offsets are committed to the high watermarks and the
 * brute-force count is exactly 600: neither lost nor doubled. kafkajs has no KIP-447, so each log
 * partition's evidence is committed by that partition's own transactional producer, which fences a
 * member still holding a batch of a partition that moved (docs/scaling.md, "Exactness when
 * partitions move").
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Partitioners } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { AlertView } from '../../core/cluster/alert-view';
import { clusterGroups } from '../../core/cluster/topics';
import { EngineStatus, KafkaConfig } from '../../core/contract';
import { testBrokers } from '../harness/brokers';
import { createTopics, eventually, testKafka, uniqueName, withAdmin } from '../harness/kafka-fixtures';
import { BURST, clusterStream } from './support/cluster-stream';

const REPO = join(__dirname, '..', '..');
const PARTITIONS = 6;
const scratch = mkdtempSync(join(tmpdir(), 'vigil-workers-kill-'));
const noModels = join(scratch, 'no-models'); // the rule pack decides the brute force
mkdirSync(noModels);

interface Host {
  child: ChildProcessWithoutNullStreams;
  base: string;
  token: string;
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

async function serve(name: string): Promise<Host> {
  const dataDir = join(scratch, name);
  mkdirSync(dataDir);
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ settings: { historyEnabled: false } }));
  const token = `workers-${name}-${Date.now().toString(36)}-0123456789abcdef`;
  // Node with tsx as a loader, so that the SIGKILL reaches the process running the engine threads.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'core/host/main.ts', '--port', '0', '--data-dir', dataDir],
    { cwd: REPO, env: { ...process.env, VIGIL_TOKEN: token, VIGIL_MODELS_DIR: noModels }, stdio: 'pipe' },
  );
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.resume();
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const host: Host = { child, base: '', token, exit };
  hosts.push(host);
  await eventually(`${name}: the console URL line`, () => /Vigil console: (\S+)/.test(stdout), 180_000);
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

describe('cluster: a SIGKILLed analyzer process with workers 2', () => {
  it(
    'moves both threads’ partitions to the other analyzer; no failure is lost or counted twice',
    { timeout: 300_000 },
    async () => {
      const brokers = testBrokers();
      const cluster = uniqueName('workers-kill');
      const logTopic = uniqueName('workers-kill-logs');
      const lines = clusterStream();
      await createTopics(brokers, [logTopic], PARTITIONS);
      const [a, b] = await Promise.all([serve('analyzer-a'), serve('analyzer-b')]);
      for (const host of [a, b]) {
        const started = EngineStatus.parse(
          await call(host, 'POST', '/api/ml/real_time', {
            operation: 'start',
            role: 'analyzer',
            cluster,
            brokers,
            topics: [logTopic],
            fromBeginning: true,
            workers: 2,
          }),
        );
        expect([started.running, started.workers]).toEqual([true, 2]);
      }
      const group = clusterGroups(cluster).logs;
      await eventually(
        'four engine threads in the log group',
        () =>
          withAdmin(brokers, async (admin) => {
            const [g] = (await admin.describeGroups([group])).groups;
            return g?.state === 'Stable' && g.members.length === 4;
          }),
        120_000,
      );
      const committedAll = () =>
        withAdmin(brokers, async (admin) => {
          const committed = (await admin.fetchOffsets({ groupId: group, topics: [logTopic] }))[0]!.partitions;
          const ends = await admin.fetchTopicOffsets(logTopic);
          const by = (rows: Array<{ partition: number; offset: string }>) =>
            JSON.stringify(Object.fromEntries(rows.map((r) => [r.partition, r.offset])));
          return by(committed) === by(ends.map((e) => ({ partition: e.partition, offset: e.high })));
        });
      const view = new AlertView({ kafka: KafkaConfig.parse({ brokers }), cluster, logger: () => undefined });
      await view.start();
      try {
        const producer = testKafka(brokers).producer({ createPartitioner: Partitioners.DefaultPartitioner });
        await producer.connect();
        const send = async (from: number, to: number) => {
          for (let i = from; i < to; i += 1000)
            await producer.send({
              topic: logTopic,
              messages: lines
                .slice(i, Math.min(i + 1000, to))
                .map((value, j) => ({ value, partition: (i + j) % PARTITIONS })),
            });
        };
        try {
          // 40 % of the stream analyzed and committed by all four threads; then A dies in the rest.
          await send(0, 20_000);
          await eventually('the first 20,000 logs committed', committedAll, 180_000);
          const before = (await status(a)).stats.processed;
          const rest = send(20_000, lines.length);
          await eventually(
            'analyzer A analyzes the rest',
            async () => (await status(a)).stats.processed > before,
            60_000,
          );
          a.child.kill('SIGKILL');
          console.log(
            `cluster workers kill: analyzer A (2 threads) SIGKILLed while analyzing, after more than ${before} logs`,
          );
          await rest;
        } finally {
          await producer.disconnect();
        }
        const killedAt = Date.now();
        const bruteForce = () => view.all().filter((s) => s.alert.fingerprint.includes('sshd.brute-force'));
        const progress = setInterval(() => {
          void status(b)
            .then((st) =>
              console.log(
                `cluster workers kill: B ${JSON.stringify(st.cluster)} processed ${st.stats.processed}; view ${JSON.stringify(bruteForce().map((x) => x.alert.count))}`,
              ),
            )
            .catch(() => undefined);
        }, 10_000);
        try {
          await eventually('log offsets committed to the high watermarks', committedAll, 180_000);
          await eventually(
            'the brute force at 600 or more',
            () => (bruteForce()[0]?.alert.count ?? 0) >= BURST,
            120_000,
          );
        } finally {
          clearInterval(progress);
        }
        // Settled: the survivor owns every fold partition and the count no longer moves.
        await eventually(
          'analyzer B owns every fold partition',
          async () => (await status(b)).cluster?.foldPartitions.length === PARTITIONS,
          120_000,
        );
        expect((await status(b)).workers).toBe(2);
        await new Promise((r) => setTimeout(r, 5000));
        const counts = bruteForce().map((x) => x.alert.count);
        console.log(
          `cluster workers kill: offsets complete ${Date.now() - killedAt} ms after the kill; brute force ${counts.join(',')} for ${BURST} failures; B's evidence batches refused as fenced: ${(await status(b)).cluster?.transactions?.fenced ?? 'n/a'}`,
        );
        expect(counts).toEqual([BURST]);
      } finally {
        await view.stop();
      }
    },
  );
});
