/**
 * The analyzer's stats record (issue 19) from what its wiring hands over: its own partitions' lag
 * (the lag poll also reads the partitions other members own), every partition of its topics, the
 * CPU per log from the last second's figures, and a record the contract accepts.
 */
import { describe, expect, it } from 'vitest';
import { AnalyzerStats, type Stats } from '../../core/contract';
import { analyzerStatsFrom, type StatsSnapshot } from '../../core/cluster/stats-snapshot';

const identity = { analyzerId: 'analyzer-1', host: 'box-1', pid: 4242 };

function snapshot(over: Partial<Stats> = {}, logPartitions = [0, 2]): StatsSnapshot {
  const stats = {
    processed: 123_456,
    logsPerSecond: 20_000,
    lagByPartition: [
      { topic: 'logs', partition: 0, lag: 5 },
      { topic: 'logs', partition: 1, lag: 100 },
      { topic: 'logs', partition: 2, lag: 7 },
      { topic: 'logs', partition: 3, lag: 100 },
      { topic: 'security', partition: 0, lag: 1 },
    ],
    process: { cpuPercent: 50, rssBytes: 1, heapUsedBytes: 1, eventLoopDelayMs: { p50: 0, p95: 0, p99: 0 } },
    ...over,
  } as unknown as Stats;
  return {
    role: 'analyzer',
    status: { startedAt: 1_000, health: { status: 'degraded', reasons: ['lag growing'] }, stats },
    logPartitions: logPartitions.map((partition) => ({ topic: 'logs', partition })),
    fold: { owned: [3, 1], partitions: 6 },
  };
}

describe('analyzerStatsFrom', () => {
  it('reports its own partitions, their lag only, and every partition of its topics', () => {
    const record = analyzerStatsFrom(identity, snapshot(), 5_000);
    expect(AnalyzerStats.parse(record)).toEqual(record);
    expect(record).toMatchObject({
      analyzerId: 'analyzer-1',
      host: 'box-1',
      pid: 4242,
      role: 'analyzer',
      startedAt: 1_000,
      partitions: {
        logs: [
          { topic: 'logs', partition: 0 },
          { topic: 'logs', partition: 2 },
        ],
        fold: [1, 3],
      },
      logTopics: [
        { topic: 'logs', partitions: 4 },
        { topic: 'security', partitions: 1 },
      ],
      foldPartitions: 6,
      consumerLag: 12,
      logsPerSecond: 20_000,
      processed: 123_456,
      health: 'degraded',
      healthReasons: ['lag growing'],
      sentAt: 5_000,
      leaving: false,
    });
  });

  it('gives the CPU per log from the last second (50 % of a core over 20,000 logs: 25 µs), null when idle', () => {
    expect(analyzerStatsFrom(identity, snapshot(), 5_000).cpuMicrosPerLog).toBe(25);
    expect(analyzerStatsFrom(identity, snapshot({ logsPerSecond: 0 }), 5_000).cpuMicrosPerLog).toBeNull();
  });

  it('marks the last record of a clean stop as leaving', () => {
    expect(analyzerStatsFrom(identity, snapshot(), 5_000, true).leaving).toBe(true);
  });

  it('stays within the contract with a topic pattern matching hundreds of topics', () => {
    const many = snapshot();
    const lag = Array.from({ length: 300 }, (_, i) => ({
      topic: `t${String(i).padStart(3, '0')}`,
      partition: 0,
      lag: 0,
    }));
    many.status.stats = { ...many.status.stats, lagByPartition: lag };
    const record = analyzerStatsFrom(identity, many, 5_000);
    expect(record.logTopics).toHaveLength(256);
    expect(AnalyzerStats.safeParse(record).success).toBe(true);
  });

  it('bounds the health reasons it carries', () => {
    const long = snapshot();
    long.status.health = { status: 'unhealthy', reasons: Array.from({ length: 50 }, () => 'x'.repeat(5000)) };
    const record = analyzerStatsFrom(identity, long, 5_000);
    expect(record.healthReasons).toHaveLength(20);
    expect(record.healthReasons[0]).toHaveLength(1000);
    expect(() => AnalyzerStats.parse(record)).not.toThrow();
  });
});
