/** An analyzer's status over its engine threads (core/engine/workers/merge-status.ts). */
import { describe, expect, it } from 'vitest';
import { EngineStatus, StartRequest } from '../../core/contract';
import { mergeStatuses } from '../../core/engine/workers/merge-status';
import { engineStatus, stats } from './renderer-fixtures';

const config = StartRequest.parse({
  source: 'kafka',
  kafka: { brokers: ['k:9092'], topics: ['logs'] },
  role: 'analyzer',
  cluster: 'team-a',
  workers: 2,
});

describe('mergeStatuses', () => {
  const a = engineStatus({
    startedAt: 2_000,
    health: { status: 'healthy', reasons: ['shared'] },
    stats: stats({
      processed: 300,
      errors: 3,
      logsPerSecond: 100,
      errorRate: 0.01,
      errorLogRate: 0.1,
      consumerLag: 5,
      lagByPartition: [{ topic: 'logs', partition: 0, lag: 5 }],
      countsByTrigger: { security: 1 },
      latencyMs: { p50: 1, p95: 2, p99: 9 },
    }),
  });
  const b = engineStatus({
    startedAt: 1_000,
    health: { status: 'degraded', reasons: ['shared', 'lag grows'] },
    stats: stats({
      processed: 100,
      errors: 0,
      logsPerSecond: 50,
      errorRate: 0,
      errorLogRate: 0.5,
      consumerLag: 7,
      lagByPartition: [{ topic: 'logs', partition: 1, lag: 7 }],
      countsByTrigger: { security: 2, anomaly: 4 },
      latencyMs: { p50: 3, p95: 1, p99: 4 },
    }),
  });
  const merged = mergeStatuses([a, b], config);

  it('adds counts and rates, weights shares by logs, keeps the worst latency', () => {
    expect(merged.stats).toMatchObject({
      processed: 400,
      errors: 3,
      logsPerSecond: 150,
      consumerLag: 12,
      countsByTrigger: { security: 3, anomaly: 4 },
      latencyMs: { p50: 3, p95: 2, p99: 9 },
    });
    expect(merged.stats.errorRate).toBeCloseTo(0.0075, 10);
    expect(merged.stats.errorLogRate).toBeCloseTo(0.2, 10);
    expect(merged.stats.lagByPartition.map((p) => p.partition)).toEqual([0, 1]);
  });

  it('reads the group lag once: per partition the freshest (smallest) of the threads', () => {
    const lag = (entries: Array<[number, number]>) =>
      stats({ lagByPartition: entries.map(([partition, l]) => ({ topic: 'logs', partition, lag: l })) });
    const both = mergeStatuses(
      [
        engineStatus({
          stats: lag([
            [0, 10],
            [1, 40],
          ]),
        }),
        engineStatus({
          stats: lag([
            [0, 30],
            [1, 5],
          ]),
        }),
      ],
      config,
    );
    expect(both.stats.lagByPartition).toEqual([
      { topic: 'logs', partition: 0, lag: 10 },
      { topic: 'logs', partition: 1, lag: 5 },
    ]);
    expect(both.stats.consumerLag).toBe(15);
  });

  it('takes the worst health, says shared reasons once and names a thread for its own', () => {
    expect(merged.health).toEqual({ status: 'degraded', reasons: ['shared', 'worker 2: lag grows'] });
  });

  it('reports the worker count, the earliest start and the analyzer request, valid by the contract', () => {
    expect(merged).toMatchObject({ workers: 2, startedAt: 1_000, config });
    expect(EngineStatus.safeParse(merged).success).toBe(true);
    expect(mergeStatuses([a], config).workers).toBe(1);
  });

  it('refuses an empty list rather than invent a status', () => {
    expect(() => mergeStatuses([], config)).toThrow(/at least one/);
  });
});
