/**
 * AnalyzerWorkers' lifecycle over threads (core/engine/workers/analyzer-workers.ts): N threads, each
 * told its own worker index and the cluster's log group; a failure to spawn one ends the others.
 * The threads here are recording clients; tests/integration/cluster-workers.test.ts runs real ones.
 */
import { describe, expect, it } from 'vitest';
import { StartRequest } from '../../core/contract';
import type { EngineClient } from '../../core/engine/client';
import type { EngineWorkerOptions } from '../../core/engine/worker-protocol';
import { AnalyzerWorkers } from '../../core/engine/workers/analyzer-workers';
import { engineStatus } from './renderer-fixtures';

const request = StartRequest.parse({
  source: 'kafka',
  kafka: { brokers: ['k:9092'], topics: ['logs'] },
  role: 'analyzer',
  cluster: 'team-a',
  workers: 3,
});

function recorder(failIndex: number | null = null) {
  const calls: Array<{ index: number; name: string; request: unknown }> = [];
  const closed: number[] = [];
  const spawn = (options: EngineWorkerOptions): Promise<EngineClient> => {
    const index = options.analyzerWorker!.index;
    if (index === failIndex) return Promise.reject(new Error(`thread ${index} failed`));
    const client: EngineClient = {
      call: (name, req) => {
        calls.push({ index, name, request: req });
        return Promise.resolve({ ...engineStatus(), logPartitions: [] } as never);
      },
      onEvents: () => () => undefined,
      close: () => {
        closed.push(index);
        return Promise.resolve();
      },
    };
    return Promise.resolve(client);
  };
  return { calls, closed, spawn };
}

describe('AnalyzerWorkers', () => {
  it('starts N threads, each in the cluster log group, and reports N', async () => {
    const r = recorder();
    const workers = await AnalyzerWorkers.start({
      engine: { dataDir: '/tmp/x' },
      request,
      analyzerId: 'a1',
      spawn: r.spawn,
    });
    expect(workers.count).toBe(3);
    const starts = r.calls.filter((c) => c.name === 'engine:start');
    expect(starts.map((c) => c.index).sort()).toEqual([1, 2, 3]);
    for (const s of starts)
      expect(s.request).toMatchObject({ source: 'kafka', kafka: { groupId: 'vigil.team-a.analyzers' } });
    const status = await workers.status();
    expect(status).toMatchObject({ workers: 3, config: { role: 'analyzer', workers: 3 } });
    await workers.close();
    expect(r.closed.sort()).toEqual([1, 2, 3]);
  });

  it('fails whole: one thread that cannot start closes the others', async () => {
    const r = recorder(2);
    await expect(
      AnalyzerWorkers.start({ engine: { dataDir: '/tmp/x' }, request, analyzerId: 'a1', spawn: r.spawn }),
    ).rejects.toThrow('thread 2 failed');
    expect(r.closed.sort()).toEqual([1, 3]);
    expect(r.calls.filter((c) => c.name === 'engine:start')).toEqual([]);
  });

  it('refuses a start without a cluster', async () => {
    const standalone = StartRequest.parse({ source: 'kafka', kafka: { brokers: ['k:9092'] } });
    await expect(
      AnalyzerWorkers.start({ engine: { dataDir: '/tmp/x' }, request: standalone, analyzerId: 'a' }),
    ).rejects.toThrow(/cluster/);
  });
});
