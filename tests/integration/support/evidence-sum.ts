/**
 * The evidence a cluster's analyzers committed, read back from its evidence topic (read_committed,
 * from the beginning, until nothing new came for a while): which side of the cluster a wrong count
 * comes from. The analyzers' side is exact when the evidence of an alert sums to its true count;
 * the fold's when the folded alert equals that sum.
 */
import { decodeRecord, Evidence } from '../../../core/cluster/evidence';
import { clusterTopics } from '../../../core/cluster/topics';
import { testKafka, uniqueName } from '../../harness/kafka-fixtures';

export async function committedEvidence(
  brokers: string[],
  cluster: string,
  wanted: (fingerprint: string) => boolean,
  quietMs = 3000,
): Promise<{ records: number; sum: number }> {
  const consumer = testKafka(brokers, 'evidence-sum').consumer({
    groupId: uniqueName('evidence-sum'),
    readUncommitted: false,
  });
  let records = 0;
  let sum = 0;
  let last = Date.now();
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: clusterTopics(cluster).evidence, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        last = Date.now();
        const decoded = decodeRecord(Evidence, message.value);
        if (decoded.ok && wanted(decoded.value.fingerprint)) {
          records++;
          sum += decoded.value.count;
        }
        return Promise.resolve();
      },
    });
    // Read until the topic has been quiet for `quietMs` (at most a minute).
    const started = Date.now();
    while (Date.now() - last < quietMs && Date.now() - started < 60_000)
      await new Promise((r) => setTimeout(r, 250));
  } finally {
    await consumer.disconnect();
  }
  return { records, sum };
}
