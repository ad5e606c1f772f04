/**
 * The analyzer role with `workers: N` (core/engine/workers/role-workers.ts): the engine's own thread
 * is worker 1, threads 2 … N are started beside it and stopped before the role; other roles and one
 * worker run exactly as without it. Threads here are recording clients (the real ones run in
 * tests/integration/cluster-workers-role.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { StartRequest, type ClusterRoleStatus } from '../../core/contract';
import type { EngineClient } from '../../core/engine/client';
import type { RoleRuntime } from '../../core/engine/roles';
import type { EngineWorkerOptions } from '../../core/engine/worker-protocol';
import { withWorkers, withWorkerStatuses } from '../../core/engine/workers/role-workers';
import { FakeLogSource } from './engine-fake-source';
import { engineStatus, stats } from './renderer-fixtures';

const analyzer = (workers?: number) =>
  StartRequest.parse({
    source: 'kafka',
    kafka: { brokers: ['k:9092'], topics: ['logs'] },
    role: 'analyzer',
    cluster: 'team-a',
    ...(workers === undefined ? {} : { workers }),
  });

function fakeRole(events: string[], role: 'analyzer' | 'console' = 'analyzer'): RoleRuntime {
  const status: ClusterRoleStatus = {
    role,
    cluster: 'team-a',
    analyzerId: role === 'analyzer' ? 'host-1' : null,
    alerts: 0,
    foldPartitions: [],
    transactions: null,
    badRecords: 0,
  };
  return {
    role,
    cluster: 'team-a',
    analyzerId: status.analyzerId,
    source: new FakeLogSource(),
    alerts: null as never,
    collect: () => undefined,
    problem: () => null,
    status: () => status,
    stop: () => {
      events.push('role stopped');
      return Promise.resolve();
    },
  };
}

function threads(events: string[], dead = new Set<number>()) {
  const spawned: EngineWorkerOptions[] = [];
  const spawn = (options: EngineWorkerOptions): Promise<EngineClient> => {
    spawned.push(options);
    const k = options.analyzerWorker!.index;
    return Promise.resolve({
      call: (name) => {
        if (dead.has(k)) return Promise.reject(new Error(`engine worker exited (code 1)`));
        if (name !== 'engine:status') events.push(`w${k} ${name}`);
        return Promise.resolve({
          ...engineStatus({ stats: stats({ processed: 100 * k, countsByTrigger: { anomaly: 99 } }) }),
          logPartitions: [{ topic: 'logs', partition: k }],
        } as never);
      },
      onEvents: () => () => undefined,
      close: () => {
        events.push(`w${k} closed`);
        return Promise.resolve();
      },
    });
  };
  return { spawned, spawn };
}

const options: EngineWorkerOptions = { dataDir: '/tmp/vigil-x' };

describe('withWorkers', () => {
  it('leaves a console, a missing role and one worker untouched', async () => {
    const events: string[] = [];
    const t = threads(events);
    const consoleRole = fakeRole(events, 'console');
    expect(await withWorkers(consoleRole, analyzer(4), options, t.spawn)).toBe(consoleRole);
    expect(await withWorkers(null, analyzer(4), options, t.spawn)).toBeNull();
    const one = fakeRole(events);
    expect(await withWorkers(one, analyzer(1), options, t.spawn)).toBe(one);
    expect(t.spawned).toEqual([]);
  });

  it('starts threads 2 … N beside the engine, and stops them before the role', async () => {
    const events: string[] = [];
    const t = threads(events);
    const role = await withWorkers(fakeRole(events), analyzer(3), options, t.spawn);
    expect(t.spawned.map((o) => [o.analyzerWorker!.index, o.analyzerWorker!.analyzerId])).toEqual([
      [2, 'host-1'],
      [3, 'host-1'],
    ]);
    expect(events.sort()).toEqual(['w2 engine:start', 'w3 engine:start']);
    events.length = 0;
    await role!.stop();
    expect(events.slice(-1)).toEqual(['role stopped']);
    expect(events.slice(0, 4).sort()).toEqual(['w2 closed', 'w2 engine:stop', 'w3 closed', 'w3 engine:stop']);
  });

  it('refuses an explicit workers > 1 it cannot start (stopping the role), defaults to one', async () => {
    const events: string[] = [];
    await expect(withWorkers(fakeRole(events), analyzer(2), undefined)).rejects.toThrow(/workers 1/);
    expect(events).toEqual(['role stopped']);
    const role = fakeRole([]);
    expect(await withWorkers(role, analyzer(), undefined)).toBe(role);
  });
});

describe('withWorkerStatuses', () => {
  it("adds the other threads' logs, keeps the cluster's alert counts and says N", async () => {
    const events: string[] = [];
    const t = threads(events);
    const role = await withWorkers(fakeRole(events), analyzer(3), options, t.spawn);
    const own = engineStatus({ stats: stats({ processed: 50, countsByTrigger: { security: 1 } }) });
    expect(withWorkerStatuses(own, role).workers).toBe(3);
    // The first poll answers on the next turn.
    await new Promise((r) => setTimeout(r, 10));
    const merged = withWorkerStatuses(own, role);
    expect(merged.stats.processed).toBe(50 + 200 + 300);
    expect(merged.stats.countsByTrigger).toEqual({ security: 1 });
    expect(merged.workers).toBe(3);
    await role!.stop();
    expect(withWorkerStatuses(own, fakeRole([]))).toBe(own);
  });

  it('says degraded, naming the failure, when a thread has ended', async () => {
    const dead = new Set<number>();
    const t = threads([], dead);
    const role = await withWorkers(fakeRole([]), analyzer(2), options, t.spawn);
    dead.add(2);
    await new Promise((r) => setTimeout(r, 1100)); // the next poll
    const status = withWorkerStatuses(engineStatus(), role);
    expect(status.health).toEqual({
      status: 'degraded',
      reasons: ['a worker thread failed: worker 2: engine worker exited (code 1)'],
    });
    dead.clear();
    await role!.stop();
  });
});
