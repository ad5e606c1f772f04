/**
 * Issue 19 item 3, a crash: two analyzer PROCESSES (`vigil serve`, started over REST) with
 * `workers: 2` each, so four engine threads in the cluster's log group, on a 6-partition topic of
 * 50,000 logs with a 600-failure brute force over every partition. Analyzer A is SIGKILLed while it
 * analyzes, both its threads with it: analyzer B's two threads take its log partitions and its fold
 * member the fold partitions; the log offsets are committed to the high watermarks and the
 * brute-force count is exactly 600: neither lost nor doubled. kafkajs has no KIP-447, so each log
 * partition's evidence is committed by that partition's own transactional producer, which fences a
 * member still holding a batch of a partition that moved (docs/scaling.md, "Exactness when
 * partitions move").
 */
import { describe, expect, it } from 'vitest';
import { AlertView } from '../../core/cluster/alert-view';
import { clusterGroups } from '../../core/cluster/topics';
import { KafkaConfig } from '../../core/contract';
import { testBrokers } from '../harness/brokers';
import { createTopics, eventually, uniqueName, withProducer } from '../harness/kafka-fixtures';
import { BURST, clusterStream, isBruteForce, PARTITIONS, produceStream } from './support/cluster-stream';
import { committedEvidence } from './support/evidence-sum';
import { committedToHigh, groupJoined } from './support/group-offsets';
import { reporting } from './support/reporting';
import { engineStatus as status, serveHosts, startAnalyzer } from './support/serve-hosts';

const serve = serveHosts('workers');

describe('cluster: a SIGKILLed analyzer process with workers 2', () => {
  it(
    'moves both threads’ partitions to the other analyzer; no failure is lost or counted twice',
    { timeout: 300_000 },
    async () => {
      const brokers = testBrokers();
      const cluster = uniqueName('workers-kill');
      const logTopic = uniqueName('workers-kill-logs');
      const lines = clusterStream();
      await createTopics(brokers, [logTopic], PARTITIONS);
      const [a, b] = await Promise.all([serve('analyzer-a'), serve('analyzer-b')]);
      for (const host of [a, b]) {
        const started = await startAnalyzer(host, { cluster, brokers, topic: logTopic, workers: 2 });
        expect([started.running, started.workers]).toEqual([true, 2]);
      }
      const group = clusterGroups(cluster).logs;
      await groupJoined(brokers, group, 4, 'four engine threads in the log group', 120_000);
      const committedAll = () => committedToHigh(brokers, group, logTopic);
      const view = new AlertView({ kafka: KafkaConfig.parse({ brokers }), cluster, logger: () => undefined });
      await view.start();
      try {
        await withProducer(brokers, async (producer) => {
          // 40 % of the stream analyzed and committed by all four threads; then A dies in the rest.
          await produceStream(producer, logTopic, lines, 0, 20_000);
          await eventually('the first 20,000 logs committed', committedAll, 180_000);
          const before = (await status(a)).stats.processed;
          const rest = produceStream(producer, logTopic, lines, 20_000);
          await eventually(
            'analyzer A analyzes the rest',
            async () => (await status(a)).stats.processed > before,
            60_000,
          );
          a.kill();
          console.log(
            `cluster workers kill: analyzer A (2 threads) SIGKILLed while analyzing, after more than ${before} logs`,
          );
          await rest;
        });
        const killedAt = Date.now();
        const bruteForce = () => view.all().filter((s) => isBruteForce(s.alert.fingerprint));
        const progress = async () => {
          const st = await status(b);
          return `cluster workers kill: B ${JSON.stringify(st.cluster)} processed ${st.stats.processed}; view ${JSON.stringify(bruteForce().map((x) => x.alert.count))}`;
        };
        await reporting(progress, 10_000, async () => {
          await eventually('log offsets committed to the high watermarks', committedAll, 180_000);
          await eventually(
            'the brute force at 600 or more',
            () => (bruteForce()[0]?.alert.count ?? 0) >= BURST,
            120_000,
          );
        });
        // Settled: the survivor owns every fold partition and the count no longer moves.
        await eventually(
          'analyzer B owns every fold partition',
          async () => (await status(b)).cluster?.foldPartitions.length === PARTITIONS,
          120_000,
        );
        expect((await status(b)).workers).toBe(2);
        await new Promise((r) => setTimeout(r, 5000));
        const counts = bruteForce().map((x) => x.alert.count);
        console.log(
          `cluster workers kill: offsets complete ${Date.now() - killedAt} ms after the kill; brute force ${counts.join(',')} for ${BURST} failures; B's transactions ${JSON.stringify((await status(b)).cluster?.transactions ?? 'n/a')}`,
        );
        // Which side a wrong count comes from: the analyzers' committed evidence, or the fold of it.
        const evidence = await committedEvidence(brokers, cluster, isBruteForce);
        console.log(
          `cluster workers kill: committed brute-force evidence ${evidence.records} records summing to ${evidence.sum}`,
        );
        expect(evidence.sum).toBe(BURST);
        expect(counts).toEqual([BURST]);
      } finally {
        await view.stop();
      }
    },
  );
});
