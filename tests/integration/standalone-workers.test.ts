/**
 * Issue 19 item 3 for STANDALONE: `engine:start` with `workers: 2` and no role, on an engine built by
 * createEngine. The engine's own thread is worker 1; one more engine thread joins the installation's
 * consumer group and sends its evidence over a MessagePort to the main engine, which folds it into
 * its one alert store and journals it before the thread commits. A 6-partition topic of 50,000 logs
 * with a 600-failure brute force over every partition: ONE brute-force alert of exactly 600, both
 * threads owned partitions, the log offsets are committed to the high watermarks, the live tail holds
 * rows of both threads' partitions. Then a restart on the same data folder with more logs: no count
 * doubles. Printed for docs/scaling.md: every alert's count beside a one-thread engine's on the same
 * topic (a group of its own).
 */
import { mkdirSync, promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AssignerProtocol, Partitioners } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Alert, EventBatch } from '../../core/contract';
import { createEngine } from '../../core/engine/create';
import { installationGroup } from '../../core/engine/installation-group';
import { testBrokers } from '../harness/brokers';
import { createTopics, eventually, testKafka, uniqueName, withAdmin } from '../harness/kafka-fixtures';
import { BURST, clusterStream, TOTAL } from './support/cluster-stream';

const PARTITIONS = 6;
const NO_HISTORY = { enabled: false, maxAgeHours: 1, maxBytes: 0 };
const HISTORY = { enabled: true, maxAgeHours: 24, maxBytes: 512 * 1024 * 1024 };

describe('standalone with workers 2', () => {
  const brokers = testBrokers();
  const logTopic = uniqueName('standalone-workers-logs');
  const cleanup: Array<() => Promise<unknown>> = [];

  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  const produce = async (lines: readonly string[]) => {
    const producer = testKafka(brokers).producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    for (let i = 0; i < lines.length; i += 1000)
      await producer.send({
        topic: logTopic,
        messages: lines
          .slice(i, i + 1000)
          .map((line, j) => ({ value: line, partition: (i + j) % PARTITIONS })),
      });
    await producer.disconnect();
  };

  const offsets = (group: string) =>
    withAdmin(brokers, async (admin) => {
      const committed = (await admin.fetchOffsets({ groupId: group, topics: [logTopic] }))[0]!.partitions;
      const ends = await admin.fetchTopicOffsets(logTopic);
      const by = (rows: Array<{ partition: number; offset: string }>) =>
        JSON.stringify(Object.fromEntries(rows.map((r) => [r.partition, r.offset])));
      return {
        committed: by(committed),
        high: by(ends.map((e) => ({ partition: e.partition, offset: e.high }))),
      };
    });

  const open = async (dataDir: string, history = NO_HISTORY) => {
    // No model in this folder: the rule pack decides the brute force (the engines share two cores).
    const modelsDir = path.join(dataDir, 'no-models');
    mkdirSync(modelsDir, { recursive: true });
    return createEngine({ dataDir, modelsDir, history });
  };

  const start = (workers: number) => ({
    source: 'kafka' as const,
    kafka: { brokers, topics: [logTopic], fromBeginning: true },
    workers,
  });

  it(
    'counts the brute force exactly once over both threads, and again after a restart',
    { timeout: 420_000 },
    async () => {
      const lines = clusterStream();
      await createTopics(brokers, [logTopic], PARTITIONS);
      const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-standalone-workers-'));
      cleanup.push(() => fsp.rm(dataDir, { recursive: true, force: true }));
      let engine = await open(dataDir, HISTORY);
      let closed = false;
      cleanup.push(() => (closed ? Promise.resolve() : engine.close()));
      const tail = new Set<number>();
      const listen = () =>
        engine.onEvents((batch: EventBatch) => {
          for (const event of batch.events)
            if (event.type === 'logs') for (const row of event.logs) tail.add(row.partition);
        });
      listen();

      const status = await engine.call('engine:start', start(2));
      expect(status).toMatchObject({ running: true, workers: 2, config: { workers: 2 } });
      const group = await installationGroup(dataDir);
      const members = () =>
        withAdmin(brokers, async (admin) => {
          const [g] = (await admin.describeGroups([group])).groups;
          return g?.state !== 'Stable'
            ? null
            : g.members.map(
                (m) =>
                  (AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment[logTopic] ?? [])
                    .length,
              );
        });
      await eventually(
        'both threads joined the installation group',
        async () => (await members())?.length === 2,
        60_000,
      );

      await produce(lines);
      const list = async () => (await engine.call('alerts:list', { limit: 5000 })).alerts;
      const bruteForce = async () => (await list()).filter((a) => a.fingerprint.includes('sshd.brute-force'));
      await eventually(
        'offsets committed to the high watermarks',
        async () => {
          const o = await offsets(group);
          return o.committed === o.high;
        },
        240_000,
      );
      expect((await bruteForce()).map((a) => a.count)).toEqual([BURST]);
      // The other thread's figures come with the status's once-a-second poll of the threads.
      await eventually(
        'the status counts every log of both threads',
        async () => {
          const s = await engine.call('engine:status', {});
          return s.workers === 2 && s.stats.processed + s.stats.errors >= TOTAL;
        },
        10_000,
      );
      // The main engine's history stores both threads' logs (the other thread sends its batches as columns).
      await eventually(
        'the history holds every log of both threads',
        async () => (await engine.call('history:status', {})).storedLogs >= TOTAL,
        60_000,
      );
      const stored = await engine.call('history:status', {});
      console.log(
        `[standalone-workers] history: ${stored.storedLogs} logs stored, ${stored.dropped} dropped`,
      );
      expect(stored.dropped).toBe(0);
      // Both threads owned partitions: 3 each (both joined before the logs came, no rebalance since).
      expect(await members()).toEqual([3, 3]);
      // The live tail holds rows of every partition: the thread's rows reach the main engine.
      await eventually(
        'the live tail shows all 6 partitions',
        () => Promise.resolve(tail.size === PARTITIONS),
        10_000,
      );

      // A restart on the same data folder (same group, the alerts reloaded with their applied offsets),
      // then 6,000 more calm logs: nothing is counted again.
      await engine.call('engine:stop', {});
      expect((await offsets(group)).committed).toBe((await offsets(group)).high);
      await engine.close();
      closed = true;
      engine = await open(dataDir, HISTORY);
      closed = false;
      listen();
      await engine.call('engine:start', start(2));
      expect((await bruteForce()).map((a) => a.count)).toEqual([BURST]);
      await produce(lines.filter((l) => !l.includes('Failed password')).slice(0, 6000));
      await eventually(
        'offsets at the high watermarks after the restart',
        async () => {
          const o = await offsets(group);
          return o.committed === o.high;
        },
        120_000,
      );
      expect((await bruteForce()).map((a) => a.count)).toEqual([BURST]);
      const twoThreads = await list();
      await engine.call('engine:stop', {});

      // For docs/scaling.md: every alert's count beside one engine thread reading the same 50,000 logs.
      const oneDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-standalone-one-'));
      cleanup.push(() => fsp.rm(oneDir, { recursive: true, force: true }));
      const one = await open(oneDir);
      cleanup.push(() => one.close());
      await one.call('engine:start', {
        ...start(1),
        kafka: { ...start(1).kafka, groupId: uniqueName('one-thread') },
      });
      await eventually(
        'one thread has read every log',
        async () => {
          const s = await one.call('engine:status', {});
          return s.stats.processed + s.stats.errors >= TOTAL + 6000;
        },
        240_000,
      );
      const oneThread = (await one.call('alerts:list', { limit: 5000 })).alerts;
      const counts = (alerts: Alert[]) =>
        new Map(alerts.map((a) => [`${a.trigger} ${a.title}`.slice(0, 90), a.count]));
      const a = counts(twoThreads);
      const b = counts(oneThread);
      const rows = [...new Set([...a.keys(), ...b.keys()])]
        .sort()
        .map((k) => `${a.get(k) ?? '-'} vs ${b.get(k) ?? '-'}  ${k}`);
      const differ = rows.filter((r) => {
        const [x, , y] = r.split(' ');
        return x !== y;
      });
      const rules = rows.filter(
        (r) => !r.includes(' system_error ') && !r.includes(' Possible brute-force attack on standalone'),
      );
      console.log(
        `[standalone-workers] alerts, 2 threads vs 1 thread: ${rows.length - differ.length} of ${rows.length} ` +
          `the same; those that differ:\n  ${differ.join('\n  ')}\n  rule alerts (keyed by rule and service):\n  ${rules.join('\n  ')}`,
      );
    },
  );
});
