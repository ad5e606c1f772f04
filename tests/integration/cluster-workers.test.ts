/**
 * Issue 19 item 3 against the real broker: ONE analyzer process running `workers: 2` engine threads
 * (core/engine/workers/), each its own member of the cluster's log group with its own transactional
 * evidence publisher, on a 6-partition log topic of 50,000 logs with a 600-failure brute force over
 * every partition. The fold merges both threads' evidence: the console's brute-force alert counts
 * exactly 600, both threads analyzed part of the stream, and the log offsets are committed to the
 * high watermarks. The threads are real worker_threads with the real engine (ONNX models included).
 */
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Partitioners } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { AlertFolder } from '../../core/cluster/alert-folder';
import { AlertView } from '../../core/cluster/alert-view';
import { ensureClusterTopics } from '../../core/cluster/ensure-topics';
import { clusterGroups } from '../../core/cluster/topics';
import { KafkaConfig, StartRequest } from '../../core/contract';
import type { SourceLogger } from '../../core/ingest/kafka-log';
import { AnalyzerWorkers } from '../../core/engine/workers/analyzer-workers';
import { testBrokers } from '../harness/brokers';
import { createTopics, eventually, testKafka, uniqueName, withAdmin } from '../harness/kafka-fixtures';
import { BURST, clusterStream, TOTAL } from './support/cluster-stream';

const PARTITIONS = 6;
const quiet: SourceLogger = () => undefined;

describe('cluster: one analyzer with workers 2', () => {
  const brokers = testBrokers();
  const cluster = uniqueName('workers');
  const kafka = KafkaConfig.parse({ brokers, clientId: 'vigil-cluster-workers' });
  const logTopic = uniqueName('workers-logs');
  const cleanup: Array<() => Promise<unknown>> = [];

  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  it(
    'folds both threads into one brute-force alert of exactly 600, offsets at the high watermarks',
    { timeout: 300_000 },
    async () => {
      const lines = clusterStream();
      await createTopics(brokers, [logTopic], PARTITIONS);
      await withAdmin(brokers, (admin) => ensureClusterTopics(admin, cluster, { partitions: PARTITIONS }));
      const folder = new AlertFolder({
        kafka,
        cluster,
        memberId: 'a',
        partitions: PARTITIONS,
        logger: quiet,
      });
      await folder.start();
      cleanup.push(() => folder.stop());
      const view = new AlertView({ kafka, cluster, logger: quiet });
      await view.start();
      cleanup.push(() => view.stop());

      const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-workers-'));
      cleanup.push(() => fsp.rm(dataDir, { recursive: true, force: true }));
      const request = StartRequest.parse({
        source: 'kafka',
        kafka: { ...kafka, topics: [logTopic], fromBeginning: true },
        role: 'analyzer',
        cluster,
        workers: 2,
      });
      const started = Date.now();
      const workers = await AnalyzerWorkers.start({ engine: { dataDir }, request, analyzerId: 'a' });
      cleanup.push(() => workers.close());
      expect(workers.count).toBe(2);
      // Both threads are members before the logs arrive, so each owns partitions from the start.
      const group = clusterGroups(cluster).logs;
      await eventually(
        'both worker threads joined the log group',
        () =>
          withAdmin(brokers, async (admin) => {
            const [g] = (await admin.describeGroups([group])).groups;
            return g?.state === 'Stable' && g.members.length === 2;
          }),
        60_000,
      );
      console.log(`cluster workers: 2 threads started and joined in ${Date.now() - started} ms`);

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

      const bruteForce = () => view.all().filter((s) => s.alert.fingerprint.includes('sshd.brute-force'));
      const diagnosis = async () =>
        JSON.stringify({
          processed: (await workers.statuses()).map((s) => s.stats.processed),
          folder: folder.counters,
          bruteForce: bruteForce().map((s) => s.alert.count),
        });
      const progress = setInterval(
        () => void diagnosis().then((d) => console.log(`cluster workers: ${d}`)),
        15_000,
      );
      try {
        await eventually(
          'the console shows the brute-force alert at 600',
          () => bruteForce()[0]?.alert.count === BURST,
          180_000,
        );
      } finally {
        clearInterval(progress);
      }
      expect(bruteForce().map((s) => s.alert.count)).toEqual([BURST]);

      const statuses = await workers.statuses();
      const processed = statuses.map((s) => s.stats.processed + s.stats.errors);
      console.log(`cluster workers: logs analyzed per thread ${processed.join(' + ')}`);
      expect(processed.every((n) => n > 0)).toBe(true);
      const merged = await workers.status();
      expect(merged.workers).toBe(2);
      await eventually(
        'every log analyzed',
        async () => {
          const s = await workers.status();
          return s.stats.processed + s.stats.errors >= TOTAL;
        },
        60_000,
      );

      const offsets = async () =>
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
      await eventually(
        'log offsets committed to the high watermarks',
        async () => {
          const o = await offsets();
          return o.committed === o.high;
        },
        30_000,
      );
      const final = await offsets();
      expect(final.committed).toBe(final.high);
      // Still exactly 600 once everything is committed and folded.
      expect(bruteForce().map((s) => s.alert.count)).toEqual([BURST]);
    },
  );
});
