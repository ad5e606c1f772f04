/**
 * Issue 19 against the real broker: analyzers publish their stats to `vigil.<cluster>.stats` and a
 * fleet view reads them back. An analyzer that stops publishing becomes stale, then gone; one that
 * stops cleanly is gone at once; its partitions are named as having no live owner; a view started
 * later reads the recent past; a record that does not validate is counted, not thrown.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { FleetView } from '../../core/cluster/fleet-view';
import { StatsPublisher } from '../../core/cluster/stats-publisher';
import type { StatsSnapshot } from '../../core/cluster/stats-snapshot';
import { clusterTopics } from '../../core/cluster/topics';
import { KafkaConfig, type FleetMember, type FleetStatus, type Stats } from '../../core/contract';
import type { SourceLogger } from '../../core/ingest/kafka-log';
import { testBrokers } from '../harness/brokers';
import { eventually, uniqueName, withProducer } from '../harness/kafka-fixtures';

const warnings: string[] = [];
const logger: SourceLogger = (level, message) => {
  if (level === 'warn' || level === 'error') warnings.push(message);
};

/** What an analyzer owning `logs` partitions and `fold` partitions of 4 and 2 reports. */
function snapshotOf(logs: number[], fold: number[], logsPerSecond: number): StatsSnapshot {
  const stats = {
    processed: 1000,
    logsPerSecond,
    lagByPartition: [0, 1, 2, 3].map((partition) => ({ topic: 'logs', partition, lag: partition })),
    process: { cpuPercent: 40, rssBytes: 1, heapUsedBytes: 1, eventLoopDelayMs: { p50: 0, p95: 0, p99: 0 } },
  } as unknown as Stats;
  return {
    role: 'analyzer',
    status: { startedAt: Date.now(), health: { status: 'healthy', reasons: [] }, stats },
    logPartitions: logs.map((partition) => ({ topic: 'logs', partition })),
    fold: { owned: fold, partitions: 2 },
  };
}

const member = (status: FleetStatus, id: string): FleetMember | undefined =>
  status.role === 'standalone' ? undefined : status.analyzers.find((m) => m.stats.analyzerId === id);

describe('cluster: the stats topic and the fleet view', () => {
  const brokers = testBrokers();
  const cluster = uniqueName('fleet');
  const kafka = KafkaConfig.parse({ brokers, clientId: 'vigil-fleet-test' });
  const state = { staleAfterMs: 2_000, goneAfterMs: 5_000 };
  let silent = false;
  const a = new StatsPublisher({
    kafka,
    cluster,
    analyzerId: 'analyzer-a',
    snapshot: () => snapshotOf([0, 1], [0], 600),
    intervalMs: 300,
    logger,
  });
  const b = new StatsPublisher({
    kafka,
    cluster,
    analyzerId: 'analyzer-b',
    // An analyzer that hangs: it stops sending without a word.
    snapshot: () => {
      if (silent) throw new Error('hung');
      return snapshotOf([2, 3], [1], 400);
    },
    intervalMs: 300,
    logger,
  });
  const views: FleetView[] = [];

  afterAll(async () => {
    await a.stop();
    await b.stop();
    for (const v of views) await v.stop();
  });

  it('shows two analyzers up with their partitions, rate and lag', async () => {
    await a.start();
    await b.start();
    const view = new FleetView({ kafka, cluster, role: 'console', state, logger });
    views.push(view);
    await view.start();
    await eventually('both analyzers up in the fleet view', () => {
      const s = view.status();
      return s.role === 'console' && s.totals.up === 2;
    });
    const status = view.status();
    if (status.role === 'standalone') throw new Error('expected a cluster fleet');
    expect(status.topic).toBe(clusterTopics(cluster).stats);
    expect(member(status, 'analyzer-a')!.stats).toMatchObject({
      pid: process.pid,
      partitions: { logs: [{ partition: 0 }, { partition: 1 }], fold: [0] },
      consumerLag: 1,
      cpuMicrosPerLog: 666.67,
    });
    expect(member(status, 'analyzer-b')!.stats.consumerLag).toBe(5);
    expect(status.totals).toMatchObject({
      logsPerSecond: 1000,
      consumerLag: 6,
      logPartitions: 4,
      logPartitionsOwned: 4,
      foldPartitions: 2,
      foldPartitionsOwned: 2,
    });
    expect(status.notes).toEqual([]);
  });

  it('marks an analyzer that stops publishing stale, then gone, and names its partitions', async () => {
    const view = views[0]!;
    const silencedAt = Date.now();
    silent = true;
    await eventually(
      'analyzer-b stale',
      () => member(view.status(), 'analyzer-b')?.state === 'stale',
      15_000,
    );
    const staleAfter = Date.now() - silencedAt;
    const stale = view.status();
    if (stale.role === 'standalone') throw new Error('expected a cluster fleet');
    expect(member(stale, 'analyzer-a')!.state).toBe('up');
    expect(stale.totals).toMatchObject({ up: 1, stale: 1, logsPerSecond: 600, logPartitionsOwned: 2 });
    expect(stale.notes).toContain(
      'log topic logs: partitions 2 (last owned by analyzer-b, stale), 3 (last owned by analyzer-b, stale) have no live owner',
    );
    await eventually('analyzer-b gone', () => member(view.status(), 'analyzer-b')?.state === 'gone', 15_000);
    const goneAfter = Date.now() - silencedAt;
    expect(b.counters.failed).toBeGreaterThan(0);
    console.log(
      `[fleet] silent analyzer: stale after ${staleAfter} ms, gone after ${goneAfter} ms (thresholds 2 s, 5 s)`,
    );
  });

  it('a view started later reads the recent past: the silent analyzer is listed gone, not missing', async () => {
    const late = new FleetView({ kafka, cluster, role: 'analyzer', state, logger });
    views.push(late);
    await late.start();
    await eventually(
      'analyzer-a up in the late view',
      () => member(late.status(), 'analyzer-a')?.state === 'up',
    );
    expect(member(late.status(), 'analyzer-b')?.state).toBe('gone');
  });

  it('an analyzer that stops cleanly is gone at once; a bad record is counted', async () => {
    const view = views[0]!;
    await a.stop();
    await eventually(
      'analyzer-a gone after its leaving record',
      () => member(view.status(), 'analyzer-a')?.state === 'gone',
      3_000,
    );
    expect(member(view.status(), 'analyzer-a')!.note).toContain('leaving');

    await withProducer(brokers, (producer) =>
      producer.send({
        topic: clusterTopics(cluster).stats,
        messages: [{ key: 'x', value: '{"analyzerId":"x"}' }],
      }),
    );
    await eventually('the bad record counted', () => {
      const s = view.status();
      return s.role !== 'standalone' && s.badRecords === 1;
    });
    expect(warnings.some((w) => w.includes('does not validate'))).toBe(true);
  });
});
