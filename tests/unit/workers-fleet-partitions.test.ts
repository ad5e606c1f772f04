/**
 * Issue 19, the fleet with `workers: N`: an analyzer's stats name the log partitions of the whole
 * process (its main thread's and each extra thread's, as the threads answer the once-a-second
 * status poll), with the process's merged rate and its lag counted once per partition. The threads
 * here are recording clients and the fleet's Kafka clients are doubles; the real ones run in
 * tests/integration/cluster-workers-role.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  AnalyzerStats,
  KafkaConfig,
  StartRequest,
  type EngineStatus,
  type PartitionLag,
  type TopicPartition,
} from '../../core/contract';
import type { StatsPublisherOptions } from '../../core/cluster/stats-publisher';
import { analyzerStatsFrom, unionPartitions } from '../../core/cluster/stats-snapshot';
import type { EngineClient } from '../../core/engine/client';
import type { RoleRuntime } from '../../core/engine/roles';
import { startFleet, type FleetClients } from '../../core/engine/roles/fleet-role';
import type { EngineWorkerOptions } from '../../core/engine/worker-protocol';
import { AnalyzerWorkers } from '../../core/engine/workers/analyzer-workers';
import { mergeStatuses } from '../../core/engine/workers/merge-status';
import { withWorkers, withWorkerStatuses } from '../../core/engine/workers/role-workers';
import { parseWorkerStatus } from '../../core/engine/workers/worker-status';
import { FakeLogSource } from './engine-fake-source';
import { engineStatus, stats } from './renderer-fixtures';

const tp = (partition: number, topic = 'logs'): TopicPartition => ({ topic, partition });
const lags = (entries: Array<[number, number]>): PartitionLag[] =>
  entries.map(([partition, lag]) => ({ topic: 'logs', partition, lag }));
const identity = { analyzerId: 'vm-1', host: 'vm-1', pid: 42 };

describe('unionPartitions', () => {
  it('names each partition once, sorted by topic then partition', () => {
    expect(unionPartitions([[tp(2), tp(0)], [tp(1), tp(0, 'audit')], [tp(2)], []])).toEqual([
      tp(0, 'audit'),
      tp(0),
      tp(1),
      tp(2),
    ]);
    expect(unionPartitions([])).toEqual([]);
  });
});

describe("an analyzer's stats over its threads", () => {
  it('publish the union of partitions, the summed rate and the lag of each partition once', () => {
    // Each thread's source reads the whole group's lag: its own partitions from its batches, the
    // others' from the admin poll (older, so higher). Per partition the freshest (smallest) counts.
    const main = engineStatus({
      stats: stats({
        logsPerSecond: 30_000,
        lagByPartition: lags([
          [0, 5],
          [1, 7],
          [2, 0],
          [3, 90],
          [4, 90],
          [5, 90],
        ]),
      }),
    });
    const thread = engineStatus({
      stats: stats({
        logsPerSecond: 20_000,
        lagByPartition: lags([
          [0, 50],
          [1, 50],
          [2, 50],
          [3, 1],
          [4, 2],
          [5, 3],
        ]),
      }),
    });
    const merged = mergeStatuses([main, thread], null);
    const record = analyzerStatsFrom(
      identity,
      {
        role: 'analyzer',
        status: merged,
        logPartitions: unionPartitions([
          [tp(0), tp(1), tp(2)],
          [tp(3), tp(4), tp(5)],
        ]),
        fold: { owned: [0, 1, 2, 3, 4, 5], partitions: 6 },
      },
      1_000,
    );
    expect(record.partitions.logs).toEqual([0, 1, 2, 3, 4, 5].map((p) => tp(p)));
    expect(record.logsPerSecond).toBe(50_000);
    expect(record.consumerLag).toBe(5 + 7 + 0 + 1 + 2 + 3);
    expect(record.logTopics).toEqual([{ topic: 'logs', partitions: 6 }]);
    // The main thread's partitions alone (the bug): half the partitions, the lag of those only.
    const mainOnly = analyzerStatsFrom(
      identity,
      {
        role: 'analyzer',
        status: merged,
        logPartitions: [tp(0), tp(1), tp(2)],
        fold: { owned: [], partitions: 6 },
      },
      1_000,
    );
    expect(mainOnly.consumerLag).toBe(12);
    // The thread count goes with the record (mergeStatuses says 2), validated by the contract.
    expect(AnalyzerStats.parse(record).workers).toBe(2);
    expect(AnalyzerStats.safeParse({ ...record, workers: 0 }).success).toBe(false);
    expect(AnalyzerStats.safeParse({ ...record, workers: 65 }).success).toBe(false);
    // One engine thread: no `workers` in the record (absent reads as one).
    const single = analyzerStatsFrom(
      identity,
      { role: 'analyzer', status: main, logPartitions: [], fold: { owned: [], partitions: null } },
      1_000,
    );
    expect(single).not.toHaveProperty('workers');
  });
});

describe('parseWorkerStatus', () => {
  it('accepts a status with its partitions and refuses one without, naming the thread', () => {
    const good = { ...engineStatus(), logPartitions: [tp(3)] };
    expect(parseWorkerStatus(good, 2).logPartitions).toEqual([tp(3)]);
    expect(() => parseWorkerStatus(engineStatus(), 2)).toThrow(
      /worker 2 answered an invalid status at logPartitions/,
    );
    expect(() =>
      parseWorkerStatus({ ...good, logPartitions: [{ topic: 'logs', partition: -1 }] }, 3),
    ).toThrow(/worker 3 .*logPartitions\.0\.partition/);
    expect(() => parseWorkerStatus('nonsense', 4)).toThrow(/worker 4 answered an invalid status/);
  });
});

// ---- the wiring: withWorkers registers the threads' partitions with the role's fleet ----

const analyzer = (workers: number) =>
  StartRequest.parse({
    source: 'kafka',
    kafka: { brokers: ['k:9092'], topics: ['logs'] },
    role: 'analyzer',
    cluster: 'team-a',
    workers,
  });

/** Thread k owns the partitions `owned[k]` and analyzes 10,000·k logs/s; `answer` may spoil one. */
function threads(owned: Record<number, TopicPartition[]>, answer: { bad?: number; dead?: number } = {}) {
  return (options: EngineWorkerOptions): Promise<EngineClient> => {
    const k = options.analyzerWorker!.index;
    return Promise.resolve({
      call: (name) => {
        if (answer.dead === k) return Promise.reject(new Error('engine worker exited (code 1)'));
        const status = engineStatus({ stats: stats({ logsPerSecond: 10_000 * k, lagByPartition: [] }) });
        if (name !== 'engine:status' || answer.bad === k) return Promise.resolve(status as never);
        return Promise.resolve({ ...status, logPartitions: owned[k] ?? [] } as never);
      },
      onEvents: () => () => undefined,
      close: () => Promise.resolve(),
    });
  };
}

async function analyzerWithFleet(mainPartitions: TopicPartition[]) {
  let publisher: StatsPublisherOptions | null = null;
  const clients: FleetClients = {
    publisher: (options) => {
      publisher = options;
      return { start: () => Promise.resolve(), stop: () => Promise.resolve() };
    },
    view: () => ({
      start: () => Promise.resolve(),
      stop: () => Promise.resolve(),
      status: () => {
        throw new Error('not read here');
      },
    }),
  };
  // What the engine hands its role: its own status with its threads' added (engine.ts).
  const own: EngineStatus = engineStatus({ stats: stats({ logsPerSecond: 5_000, lagByPartition: [] }) });
  let current: RoleRuntime | null = null;
  const fleet = await startFleet(
    {
      kafka: KafkaConfig.parse({ brokers: ['127.0.0.1:9'] }),
      cluster: 'team-a',
      role: 'analyzer',
      logger: () => undefined,
      publish: {
        analyzerId: 'vm-1',
        engineStatus: () => withWorkerStatuses(own, current),
        logPartitions: () => mainPartitions,
        fold: () => ({ owned: [], partitions: 6 }),
      },
    },
    clients,
  );
  const role: RoleRuntime = {
    role: 'analyzer',
    cluster: 'team-a',
    analyzerId: 'vm-1',
    source: new FakeLogSource(),
    alerts: null as never,
    collect: () => undefined,
    problem: () => null,
    status: () => null as never,
    fleet,
    stop: () => Promise.resolve(),
  };
  const snapshot = () => publisher!.snapshot();
  return {
    role,
    snapshot,
    attach: (r: RoleRuntime | null) => {
      current = r;
    },
  };
}

const nextPoll = () => new Promise((r) => setTimeout(r, 20));

describe('withWorkers and the fleet', () => {
  it("publishes the main thread's partitions and every thread's, with the process's rate", async () => {
    const a = await analyzerWithFleet([tp(0), tp(1)]);
    const spawn = threads({ 2: [tp(2), tp(3)], 3: [tp(4), tp(5)] });
    const role = await withWorkers(a.role, analyzer(3), { dataDir: '/tmp/x' }, spawn);
    a.attach(role);
    await nextPoll();
    const snapshot = a.snapshot();
    expect(snapshot.logPartitions).toEqual([0, 1, 2, 3, 4, 5].map((p) => tp(p)));
    expect(snapshot.status.stats.logsPerSecond).toBe(5_000 + 20_000 + 30_000);
    // The record the stats topic gets: valid, with the process's partitions and its thread count.
    const record = AnalyzerStats.parse(analyzerStatsFrom(identity, snapshot, 1_000));
    expect(record.partitions.logs).toHaveLength(6);
    expect(record.workers).toBe(3);
    await role!.stop();
  });

  it("drops an ended thread's partitions and figures, keeping the live threads'", async () => {
    const answer: { dead?: number } = {};
    const a = await analyzerWithFleet([tp(0), tp(1)]);
    const spawn = threads({ 2: [tp(2), tp(3)], 3: [tp(4), tp(5)] }, answer);
    const role = await withWorkers(a.role, analyzer(3), { dataDir: '/tmp/x' }, spawn);
    a.attach(role);
    await nextPoll();
    expect(a.snapshot().logPartitions).toHaveLength(6);
    answer.dead = 3;
    await new Promise((r) => setTimeout(r, 1100)); // the next poll
    const snapshot = a.snapshot();
    expect(snapshot.logPartitions).toEqual([0, 1, 2, 3].map((p) => tp(p)));
    expect(snapshot.status.stats.logsPerSecond).toBe(5_000 + 20_000);
    expect(snapshot.status.health).toEqual({
      status: 'degraded',
      reasons: ['a worker thread failed: worker 3: engine worker exited (code 1)'],
    });
    delete answer.dead;
    await role!.stop();
  });

  it('refuses a thread status without its partitions (AnalyzerWorkers validates every answer)', async () => {
    const workers = await AnalyzerWorkers.start({
      engine: { dataDir: '/tmp/x' },
      request: analyzer(2),
      analyzerId: 'vm-1',
      spawn: threads({ 1: [tp(0)], 2: [tp(1)] }, { bad: 2 }),
    });
    await expect(workers.statuses()).rejects.toThrow(/worker 2 answered an invalid status/);
    // The poll asks each thread apart: thread 1's answer stands, thread 2's is named once.
    const { live, failures } = await workers.pollStatuses();
    expect(live.map((s) => s.logPartitions)).toEqual([[tp(0)]]);
    expect(failures).toEqual([
      expect.stringMatching(/^worker 2 answered an invalid status at logPartitions: /),
    ]);
    await workers.close();
  });
});
