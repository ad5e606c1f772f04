/**
 * Issue 19, zombie fencing per log partition against the real broker (docs/scaling.md, "Exactness
 * when partitions move"): two analyzers' evidence publishers commit batches of the SAME log
 * partition. The second one's claim (its partition producer's InitProducerId) fences the first:
 * the first's later commit is refused, its evidence never becomes visible (read_committed) and the
 * group's committed offset does not move; the second commits only from where the commits stand.
 */
import { describe, expect, it } from 'vitest';
import { EvidencePublisher } from '../../core/cluster/evidence-publisher';
import { clusterGroups, clusterTopics } from '../../core/cluster/topics';
import { KafkaConfig } from '../../core/contract';
import type { SourceLogger } from '../../core/ingest/kafka-log';
import { sshdAlert } from '../fixtures/sshd-alert';
import { testBrokers } from '../harness/brokers';
import {
  createTopics,
  eventually,
  testKafka,
  uniqueName,
  withAdmin,
  withProducer,
} from '../harness/kafka-fixtures';
import { cleanupSteps } from './support/cleanup';
import { clusterStream } from './support/cluster-stream';

const quiet: SourceLogger = () => undefined;
describe('cluster: fencing per log partition', () => {
  const brokers = testBrokers();
  const cleanup = cleanupSteps();

  it('refuses the older owner’s commit once a newer owner claimed the partition', async () => {
    const cluster = uniqueName('fence');
    const logTopic = uniqueName('fence-logs');
    const evidenceTopic = clusterTopics(cluster).evidence;
    const group = clusterGroups(cluster).logs;
    await createTopics(brokers, [logTopic, evidenceTopic], 1);
    await withProducer(brokers, (producer) =>
      producer.send({
        topic: logTopic,
        messages: clusterStream()
          .slice(0, 10)
          .map((value) => ({ value, partition: 0 })),
      }),
    );

    const kafka = KafkaConfig.parse({ brokers, clientId: 'vigil-cluster-fencing' });
    const publisher = async (id: string) => {
      const p = new EvidencePublisher({ kafka, cluster, analyzerId: id, logger: quiet });
      await p.connect();
      cleanup(() => p.disconnect());
      return p;
    };
    const committed = () =>
      withAdmin(brokers, async (admin) => {
        const [row] = await admin.fetchOffsets({ groupId: group, topics: [logTopic] });
        return row!.partitions.find((p) => p.partition === 0)!.offset;
      });

    const a = await publisher('a');
    a.collect([sshdAlert('fp-a1', 5)]);
    expect(await a.commit(logTopic, 0, '5', '0')).toBeUndefined(); // A claims partition 0, commits 0..4
    // The commit's markers reach the group's offsets shortly after commit() resolves.
    await eventually('A’s offsets committed', async () => (await committed()) === '5', 30_000);
    expect(a.producerCount()).toBe(1);

    // B was handed partition 0 with a stale position (0): its claim fences A, and it realigns to 5.
    const b = await publisher('b');
    b.collect([sshdAlert('fp-b-stale', 3)]);
    expect(await b.commit(logTopic, 0, '8', '0')).toEqual({ refused: 'realigned', seekTo: '5' });
    expect(await committed()).toBe('5');

    // A, a zombie still holding a batch 5..7 of the partition, is fenced: nothing of it commits.
    a.collect([sshdAlert('fp-a1', 8)]);
    expect(await a.commit(logTopic, 0, '8', '5')).toEqual({ refused: 'fenced', seekTo: null });
    await new Promise((r) => setTimeout(r, 2000)); // a commit's markers would have landed by now
    expect(await committed()).toBe('5');
    expect(a.counters.fenced).toBe(1);
    expect(a.producerCount()).toBe(0);

    // B analyzes 5..7 itself and commits it.
    b.collect([sshdAlert('fp-b', 3)]);
    expect(await b.commit(logTopic, 0, '8', '5')).toBeUndefined();
    await eventually('B’s offsets committed', async () => (await committed()) === '8', 30_000);
    expect([b.counters.transactions, b.counters.realigned, b.counters.fenced]).toEqual([1, 1, 0]);

    // The evidence topic, read_committed: A's first batch and B's batch, never A's fenced one.
    const seen: Array<{ fingerprint: string; count: number }> = [];
    const consumer = testKafka(brokers).consumer({
      groupId: uniqueName('fence-reader'),
      readUncommitted: false,
    });
    await consumer.connect();
    cleanup(() => consumer.disconnect());
    await consumer.subscribe({ topics: [evidenceTopic], fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        const e = JSON.parse(message.value!.toString('utf8')) as { fingerprint: string; count: number };
        seen.push({ fingerprint: e.fingerprint, count: e.count });
        return Promise.resolve();
      },
    });
    await eventually('both committed evidence records read', () => Promise.resolve(seen.length >= 2), 60_000);
    await new Promise((r) => setTimeout(r, 2000)); // nothing else arrives
    expect(seen).toEqual([
      { fingerprint: 'fp-a1', count: 5 },
      { fingerprint: 'fp-b', count: 3 },
    ]);
  });
});
