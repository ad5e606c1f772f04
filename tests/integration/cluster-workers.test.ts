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
import { describe, expect, it } from 'vitest';
import { AlertFolder } from '../../core/cluster/alert-folder';
import { AlertView } from '../../core/cluster/alert-view';
import { ensureClusterTopics } from '../../core/cluster/ensure-topics';
import { clusterGroups } from '../../core/cluster/topics';
import { KafkaConfig, StartRequest } from '../../core/contract';
import type { SourceLogger } from '../../core/ingest/kafka-log';
import { AnalyzerWorkers } from '../../core/engine/workers/analyzer-workers';
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
import { reporting } from './support/reporting';
const quiet: SourceLogger = () => undefined;

describe('cluster: one analyzer with workers 2', () => {
  const brokers = testBrokers();
  const cluster = uniqueName('workers');
  const kafka = KafkaConfig.parse({ brokers, clientId: 'vigil-cluster-workers' });
  const logTopic = uniqueName('workers-logs');
  const cleanup = cleanupSteps();

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
      cleanup(() => folder.stop());
      const view = new AlertView({ kafka, cluster, logger: quiet });
      await view.start();
      cleanup(() => view.stop());

      const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-workers-'));
      cleanup(() => fsp.rm(dataDir, { recursive: true, force: true }));
      const request = StartRequest.parse({
        source: 'kafka',
        kafka: { ...kafka, topics: [logTopic], fromBeginning: true },
        role: 'analyzer',
        cluster,
        workers: 2,
      });
      const started = Date.now();
      const workers = await AnalyzerWorkers.start({ engine: { dataDir }, request, analyzerId: 'a' });
      cleanup(() => workers.close());
      expect(workers.count).toBe(2);
      // Both threads are members before the logs arrive, so each owns partitions from the start.
      const group = clusterGroups(cluster).logs;
      await groupJoined(brokers, group, 2, 'both worker threads joined the log group', 60_000);
      console.log(`cluster workers: 2 threads started and joined in ${Date.now() - started} ms`);

      await withProducer(brokers, (producer) => produceStream(producer, logTopic, lines));

      const bruteForce = () => view.all().filter((s) => isBruteForce(s.alert.fingerprint));
      const diagnosis = async () =>
        `cluster workers: ${JSON.stringify({
          processed: (await workers.statuses()).map((s) => s.stats.processed),
          folder: folder.counters,
          bruteForce: bruteForce().map((s) => s.alert.count),
        })}`;
      await reporting(diagnosis, 15_000, () =>
        eventually(
          'the console shows the brute-force alert at 600',
          () => bruteForce()[0]?.alert.count === BURST,
          180_000,
        ),
      );
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

      await eventually(
        'log offsets committed to the high watermarks',
        () => committedToHigh(brokers, group, logTopic),
        30_000,
      );
      const final = await groupOffsets(brokers, group, logTopic);
      expect(final.committed).toEqual(final.high);
      // Still exactly 600 once everything is committed and folded.
      expect(bruteForce().map((s) => s.alert.count)).toEqual([BURST]);
    },
  );
});
