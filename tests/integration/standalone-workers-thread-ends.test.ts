/**
 * Issue 19 item 3 for STANDALONE: one of the engine threads ends mid-stream (its engine closed, as a
 * thread that fails would end). `workers: 2` on a 6-partition topic of 50,000 logs with a
 * 600-failure brute force: after 20,000 logs thread 2 ends; the group gives its partitions to the
 * main engine's thread, the health names the ended thread (degraded), the brute force ends exactly
 * 600, the offsets at the high watermarks, and `engine:stop` returns (the main engine never waits
 * on the ended thread). The thread is reached through the engine's private field: there is no
 * product command to end one thread.
 */
import { mkdirSync, promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AssignerProtocol, Partitioners } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import type { EngineClient } from '../../core/engine/client';
import { createEngine } from '../../core/engine/create';
import { installationGroup } from '../../core/engine/installation-group';
import { testBrokers } from '../harness/brokers';
import { createTopics, eventually, testKafka, uniqueName, withAdmin } from '../harness/kafka-fixtures';
import { BURST, clusterStream, PARTITIONS, produceStream } from './support/cluster-stream';
import { committedCount } from './support/group-offsets';

describe('standalone with workers 2: a thread that ends', () => {
  const brokers = testBrokers();
  const logTopic = uniqueName('standalone-thread-ends');
  const cleanup: Array<() => Promise<unknown>> = [];

  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  it(
    'hands its partitions to the main thread; counts stay exact; the health says so',
    { timeout: 300_000 },
    async () => {
      const lines = clusterStream();
      await createTopics(brokers, [logTopic], PARTITIONS);
      const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-thread-ends-'));
      cleanup.push(() => fsp.rm(dataDir, { recursive: true, force: true }));
      const modelsDir = path.join(dataDir, 'no-models');
      mkdirSync(modelsDir);
      const engine = await createEngine({
        dataDir,
        modelsDir,
        history: { enabled: false, maxAgeHours: 1, maxBytes: 0 },
      });
      cleanup.push(() => engine.close());
      await engine.call('engine:start', {
        source: 'kafka',
        kafka: { brokers, topics: [logTopic], fromBeginning: true },
        workers: 2,
      });
      const group = await installationGroup(dataDir);
      const owned = () =>
        withAdmin(brokers, async (admin) => {
          const [g] = (await admin.describeGroups([group])).groups;
          if (g?.state !== 'Stable') return null;
          return g.members.map(
            (m) =>
              (AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment[logTopic] ?? [])
                .length,
          );
        });
      await eventually('both threads in the group', async () => (await owned())?.length === 2, 60_000);
      const committed = () => committedCount(brokers, group, logTopic);
      const producer = testKafka(brokers).producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      const send = (from: number, to: number) => produceStream(producer, logTopic, lines, from, to);
      try {
        await send(0, 20_000);
        await eventually(
          'the first 20,000 logs committed',
          async () => (await committed()) === 20_000,
          120_000,
        );
        // Thread 2 ends (reached through the engine's private field: no command ends one thread).
        const threads = (engine.engine as unknown as { threads: { threads: EngineClient[] } }).threads;
        expect(threads.threads).toHaveLength(1);
        await threads.threads[0]!.close();
        await send(20_000, lines.length);
      } finally {
        await producer.disconnect();
      }
      await eventually(
        'the main thread owns all 6 partitions',
        async () => JSON.stringify(await owned()) === '[6]',
        60_000,
      );
      await eventually('every log committed', async () => (await committed()) === lines.length, 120_000);
      const status = await engine.call('engine:status', {});
      expect(status.health.status).toBe('degraded');
      expect(status.health.reasons.join(' ')).toContain('a worker thread failed: worker 2');
      const alerts = (await engine.call('alerts:list', { limit: 5000 })).alerts;
      expect(alerts.filter((a) => a.fingerprint.includes('sshd.brute-force')).map((a) => a.count)).toEqual([
        BURST,
      ]);
      const started = Date.now();
      const stopped = await engine.call('engine:stop', {});
      console.log(
        `[standalone-workers] thread 2 ended after 20,000 logs: brute force exactly ${BURST}; health "${status.health.reasons.join('; ')}"; engine:stop in ${Date.now() - started} ms`,
      );
      expect(stopped.running).toBe(false);
    },
  );
});
