/**
 * Issue 19 item 3 through the analyzer role: `engine:start` with role analyzer and `workers: 2` on an
 * engine built by createEngine. The engine's own thread is worker 1 (log consumer, fold member,
 * alert view); one more engine thread joins the cluster's log group. A 6-partition topic of 50,000
 * logs with a 600-failure brute force over every partition: `alerts:list` shows one brute-force
 * alert of exactly 600, the status says 2 workers and counts all 50,000 logs (both threads took
 * part), the log offsets are committed to the high watermarks, and `fleet:status` shows one analyzer
 * owning all 6 log partitions (both threads', with no "no live owner" note).
 */
import { mkdirSync, promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AssignerProtocol } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { clusterGroups } from '../../core/cluster/topics';
import { createEngine } from '../../core/engine/create';
import { testBrokers } from '../harness/brokers';
import { createTopics, eventually, uniqueName, withAdmin, withProducer } from '../harness/kafka-fixtures';
import { cleanupSteps } from './support/cleanup';
import {
  BURST,
  clusterStream,
  isBruteForce,
  PARTITIONS,
  produceStream,
  TOTAL,
} from './support/cluster-stream';
import { committedToHigh, groupJoined, groupOffsets } from './support/group-offsets';

describe('the analyzer role with workers 2', () => {
  const brokers = testBrokers();
  const cluster = uniqueName('role-workers');
  const logTopic = uniqueName('role-workers-logs');
  const cleanup = cleanupSteps();

  it('counts the brute force exactly once over both threads', { timeout: 300_000 }, async () => {
    const lines = clusterStream();
    await createTopics(brokers, [logTopic], PARTITIONS);
    const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-role-workers-'));
    cleanup(() => fsp.rm(dataDir, { recursive: true, force: true }));
    // No model in this folder: the rule pack decides the brute force (two engines share two cores).
    const modelsDir = path.join(dataDir, 'no-models');
    mkdirSync(modelsDir);
    const engine = await createEngine({
      dataDir,
      modelsDir,
      history: { enabled: false, maxAgeHours: 1, maxBytes: 0 },
    });
    cleanup(() => engine.close());

    const status = await engine.call('engine:start', {
      source: 'kafka',
      kafka: { brokers, topics: [logTopic], fromBeginning: true },
      role: 'analyzer',
      cluster,
      workers: 2,
    });
    expect(status).toMatchObject({ running: true, workers: 2, config: { role: 'analyzer', workers: 2 } });
    const group = clusterGroups(cluster).logs;
    await groupJoined(brokers, group, 2, 'both threads joined the log group', 60_000);
    await withProducer(brokers, (producer) => produceStream(producer, logTopic, lines));

    const bruteForce = async () =>
      (await engine.call('alerts:list', { limit: 5000 })).alerts.filter((a) => isBruteForce(a.fingerprint));
    await eventually(
      'alerts:list shows the brute force at 600',
      async () => (await bruteForce())[0]?.count === BURST,
      180_000,
    );
    await eventually(
      'the status counts every log of both threads',
      async () => {
        const s = await engine.call('engine:status', {});
        return s.stats.processed + s.stats.errors >= TOTAL;
      },
      60_000,
    );
    const final = await engine.call('engine:status', {});
    expect(final.workers).toBe(2);
    // At least every log (a rebalance may have a batch analyzed again; its evidence counts once).
    expect(final.stats.processed + final.stats.errors).toBeGreaterThanOrEqual(TOTAL);
    // Both threads still own 3 partitions each (no rebalance since both joined before the logs came):
    // with every offset committed below, each thread analyzed and committed its half.
    const owned = await withAdmin(brokers, async (admin) => {
      const [g] = (await admin.describeGroups([group])).groups;
      return g!.members.map((m) => {
        const decoded = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
        return (decoded?.assignment[logTopic] ?? []).length;
      });
    });
    expect(owned).toEqual([3, 3]);

    await eventually(
      'log offsets committed to the high watermarks',
      () => committedToHigh(brokers, group, logTopic),
      30_000,
    );
    expect((await bruteForce()).map((a) => a.count)).toEqual([BURST]);

    // The fleet view sees the process: one analyzer owning all 6 log partitions (thread 1's and
    // thread 2's), none without a live owner, and the whole process's logs.
    const fleetStatus = async () => {
      const fleet = await engine.call('fleet:status', {});
      if (fleet.role === 'standalone') throw new Error('fleet:status says standalone for an analyzer');
      return fleet;
    };
    const fleetShowsAll = async () => {
      const fleet = await fleetStatus();
      const [member] = fleet.analyzers;
      return (
        fleet.analyzers.length === 1 &&
        member?.state === 'up' &&
        member.stats.partitions.logs.length === PARTITIONS &&
        member.stats.processed >= TOTAL &&
        fleet.notes.length === 0
      );
    };
    await eventually('fleet:status shows one analyzer owning every log partition', fleetShowsAll, 30_000);
    const fleet = await fleetStatus();
    expect(fleet.analyzers[0]!.stats.partitions.logs).toEqual(
      Array.from({ length: PARTITIONS }, (_, partition) => ({ topic: logTopic, partition })),
    );
    expect(fleet.analyzers[0]!.stats.workers).toBe(2);
    expect(fleet.totals).toMatchObject({ analyzers: 1, up: 1, logPartitions: PARTITIONS });
    expect(fleet.totals.logPartitionsOwned).toBe(PARTITIONS);
    expect(fleet.notes.filter((n) => n.includes('no live owner'))).toEqual([]);

    const stopped = await engine.call('engine:stop', {});
    expect(stopped.running).toBe(false);
    const o = await groupOffsets(brokers, group, logTopic);
    expect(o.committed).toEqual(o.high);
  });
});
