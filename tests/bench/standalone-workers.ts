/**
 * `npm run bench -- workers` (also alone: `-- standalone-workers`), issue 19 item 3 for STANDALONE:
 * one standalone engine (createEngine, the real models, no log history) with `workers` 1 and 2,
 * alternated (1, 2, 1, 2) in one run, each reading the same pre-filled 6-partition topic from the
 * beginning in a consumer group of its own. With 2 the second thread sends its evidence over a
 * MessagePort to the main engine, which folds and journals it before the thread commits
 * (core/engine/standalone-workers/). Each run is timed from the moment all its threads are members
 * of the group to the moment the group's committed offsets reach the topic's end (every log analyzed
 * and its alerts durable): logs/s, the ratio, this process's CPU per log (every thread), the
 * broker's, and the load average.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Admin } from 'kafkajs';
import { createEngine } from '../../core/engine/create';
import { createTopic, kafkaClient, prefill } from './kafka-bench-data';

type Figures = Record<string, number | string | boolean>;
type BrokerCpu = () => number | null;

const PARTITIONS = 6;
const ORDER = [1, 2, 1, 2];
const NO_HISTORY = { enabled: false, maxAgeHours: 1, maxBytes: 0 };

interface Run {
  workers: number;
  rate: number;
  nodeCpuUsPerLog: number;
  brokerCpuUsPerLog: number | null;
  nodeCores: number;
  load1: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (x: number): number => Math.round(x * 100) / 100;
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

async function members(admin: Admin, group: string): Promise<number> {
  const [g] = (await admin.describeGroups([group])).groups;
  return g?.state === 'Stable' ? g.members.length : 0;
}

/** Logs of the topic the group has committed (analyzed, their alerts durable). */
async function committed(admin: Admin, group: string, topic: string): Promise<number> {
  const [entry] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  return (entry?.partitions ?? []).reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
}

async function run(
  brokers: string[],
  admin: Admin,
  topic: string,
  total: number,
  n: number,
  brokerCpuMs: BrokerCpu,
): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-standalone-workers-'));
  const group = `bench-standalone-w${n}-${Date.now()}`;
  mkdirSync(join(dataDir, 'data'));
  const engine = await createEngine({ dataDir: join(dataDir, 'data'), history: NO_HISTORY });
  try {
    await engine.call('engine:start', {
      source: 'kafka',
      kafka: {
        brokers,
        clientId: 'vigil-bench-standalone',
        groupId: group,
        topics: [topic],
        fromBeginning: true,
      },
      workers: n,
    });
    const deadline = Date.now() + 600_000;
    while ((await members(admin, group)) !== n) {
      if (Date.now() > deadline) throw new Error(`${n} threads never all joined the group`);
      await sleep(50);
    }
    const before = await committed(admin, group, topic);
    const started = Date.now();
    const cpu = process.cpuUsage();
    const broker = brokerCpuMs();
    while ((await committed(admin, group, topic)) < total) {
      if (Date.now() > deadline) throw new Error(`${n} threads did not commit ${total} logs in 10 min`);
      await sleep(100);
    }
    const wallMs = Date.now() - started;
    const used = process.cpuUsage(cpu);
    const brokerNow = brokerCpuMs();
    const brokerMs = broker === null || brokerNow === null ? null : brokerNow - broker;
    const measured = total - before;
    const nodeUs = used.user + used.system;
    return {
      workers: n,
      rate: Math.round(measured / (wallMs / 1000)),
      nodeCpuUsPerLog: round(nodeUs / measured),
      brokerCpuUsPerLog: brokerMs === null ? null : round((brokerMs * 1000) / measured),
      nodeCores: round(nodeUs / 1000 / wallMs),
      load1: round(loadavg()[0]!),
    };
  } finally {
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchStandaloneWorkers(
  brokers: string[],
  brokerCpuMs: BrokerCpu = () => null,
  total = 300_000,
): Promise<Figures> {
  const kafka = kafkaClient(brokers, 'vigil-bench-standalone-workers');
  const topic = `bench-standalone-workers-${Date.now()}`;
  await createTopic(kafka, topic, PARTITIONS);
  await prefill(kafka, topic, total);
  const admin = kafka.admin();
  await admin.connect();
  const runs: Run[] = [];
  try {
    for (const n of ORDER) runs.push(await run(brokers, admin, topic, total, n, brokerCpuMs));
  } finally {
    await admin.disconnect();
  }
  const list = (pick: (r: Run) => number | null): string => runs.map((r) => pick(r) ?? 'unknown').join(',');
  const rate = (n: number) => Math.round(mean(runs.filter((r) => r.workers === n).map((r) => r.rate)));
  return {
    bench: 'standalone-workers',
    messages: total,
    partitions: PARTITIONS,
    cores: availableParallelism(),
    order: ORDER.join(','),
    perSecond: list((r) => r.rate),
    oneThreadPerSecond: rate(1),
    twoThreadsPerSecond: rate(2),
    ratio2to1: round(rate(2) / rate(1)),
    nodeCpuUsPerLog: list((r) => r.nodeCpuUsPerLog),
    brokerCpuUsPerLog: list((r) => r.brokerCpuUsPerLog),
    nodeCores: list((r) => r.nodeCores),
    loadAverage1m: list((r) => r.load1),
  };
}
