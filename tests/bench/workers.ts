/**
 * `npm run bench -- workers` (issue 19 item 3): one analyzer with 1 and with 2 engine threads
 * (core/engine/workers/), side by side in one run, alternated (1, 2, 1, 2), each reading the same
 * pre-filled 6-partition topic from the beginning in a fresh cluster (its own log group). Each run is
 * measured from the moment all its threads are members of the group (a join's pause is not analysis)
 * to the last log: logs/s, this process's CPU per log (every thread: engines, kafkajs, evidence
 * transactions), the broker's CPU per log and the cores it used, and the load average. The fold is
 * not running: its cost is per evidence record, not per log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Admin } from 'kafkajs';
import { ensureClusterTopics } from '../../core/cluster/ensure-topics';
import { clusterGroups } from '../../core/cluster/topics';
import { StartRequest } from '../../core/contract';
import { AnalyzerWorkers } from '../../core/engine/workers/analyzer-workers';
import { createTopic, kafkaClient, prefill } from './kafka-bench-data';

type Figures = Record<string, number | string | boolean>;
type BrokerCpu = () => number | null;

const PARTITIONS = 6;
const ORDER = [1, 2, 1, 2];

interface Run {
  workers: number;
  measuredLogs: number;
  rate: number;
  nodeCpuUsPerLog: number;
  brokerCpuUsPerLog: number | null;
  /** Cores in use over the window: this process, and the broker. */
  nodeCores: number;
  brokerCores: number | null;
  load1: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function analyzed(workers: AnalyzerWorkers): Promise<number> {
  const s = (await workers.status()).stats;
  return s.processed + s.errors;
}

async function joined(admin: Admin, group: string, members: number): Promise<boolean> {
  const [g] = (await admin.describeGroups([group])).groups;
  return g?.state === 'Stable' && g.members.length === members;
}

async function run(
  brokers: string[],
  admin: Admin,
  topic: string,
  total: number,
  n: number,
  brokerCpuMs: BrokerCpu,
): Promise<Run> {
  const cluster = `bench-w${n}-${Date.now()}`;
  await ensureClusterTopics(admin, cluster, { partitions: PARTITIONS });
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-workers-'));
  const request = StartRequest.parse({
    source: 'kafka',
    kafka: { brokers, clientId: 'vigil-bench-workers', topics: [topic], fromBeginning: true },
    role: 'analyzer',
    cluster,
    workers: n,
  });
  const workers = await AnalyzerWorkers.start({ engine: { dataDir }, request, analyzerId: 'bench' });
  try {
    const deadline = Date.now() + 600_000;
    while (!(await joined(admin, clusterGroups(cluster).logs, n))) {
      if (Date.now() > deadline) throw new Error(`${n} workers never all joined the group`);
      await sleep(50);
    }
    const before = await analyzed(workers);
    const started = Date.now();
    const cpu = process.cpuUsage();
    const broker = brokerCpuMs();
    let done = before;
    while (done < total) {
      if (Date.now() > deadline) throw new Error(`${n} workers analyzed only ${done} of ${total} in 10 min`);
      await sleep(50);
      done = await analyzed(workers);
    }
    const wallMs = Date.now() - started;
    const used = process.cpuUsage(cpu);
    const brokerNow = brokerCpuMs();
    const brokerMs = broker === null || brokerNow === null ? null : brokerNow - broker;
    const measured = total - before;
    const nodeUs = used.user + used.system;
    return {
      workers: n,
      measuredLogs: measured,
      rate: Math.round(measured / (wallMs / 1000)),
      nodeCpuUsPerLog: round(nodeUs / measured),
      brokerCpuUsPerLog: brokerMs === null ? null : round((brokerMs * 1000) / measured),
      nodeCores: round(nodeUs / 1000 / wallMs),
      brokerCores: brokerMs === null ? null : round(brokerMs / wallMs),
      load1: round(loadavg()[0]!),
    };
  } finally {
    await workers.stop().catch(() => undefined);
    await workers.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const round = (x: number): number => Math.round(x * 100) / 100;
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const list = (runs: readonly Run[], pick: (r: Run) => number | null): string =>
  runs.map((r) => pick(r) ?? 'unknown').join(',');

export async function benchWorkers(
  brokers: string[],
  brokerCpuMs: BrokerCpu = () => null,
  total = 300_000,
): Promise<Figures> {
  const kafka = kafkaClient(brokers, 'vigil-bench-workers');
  const topic = `bench-workers-${Date.now()}`;
  await createTopic(kafka, topic, PARTITIONS);
  const producedPerSecond = await prefill(kafka, topic, total);
  const admin = kafka.admin();
  await admin.connect();
  const runs: Run[] = [];
  try {
    for (const n of ORDER) runs.push(await run(brokers, admin, topic, total, n, brokerCpuMs));
  } finally {
    await admin.disconnect();
  }
  const one = runs.filter((r) => r.workers === 1);
  const two = runs.filter((r) => r.workers === 2);
  const rate1 = Math.round(mean(one.map((r) => r.rate)));
  const rate2 = Math.round(mean(two.map((r) => r.rate)));
  return {
    bench: 'workers',
    messages: total,
    partitions: PARTITIONS,
    cores: availableParallelism(),
    order: ORDER.join(','),
    producedPerSecond,
    measuredLogs: list(runs, (r) => r.measuredLogs),
    perSecond: list(runs, (r) => r.rate),
    oneWorkerPerSecond: rate1,
    twoWorkersPerSecond: rate2,
    ratio2to1: round(rate2 / rate1),
    nodeCpuUsPerLog: list(runs, (r) => r.nodeCpuUsPerLog),
    brokerCpuUsPerLog: list(runs, (r) => r.brokerCpuUsPerLog),
    nodeCores: list(runs, (r) => r.nodeCores),
    brokerCores: list(runs, (r) => r.brokerCores),
    loadAverage1m: list(runs, (r) => r.load1),
  };
}
