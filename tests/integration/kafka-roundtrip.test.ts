/**
 * The test broker really works end to end with the client library the product uses: 10,000
 * messages over 3 partitions go out with kafkajs and every one comes back exactly once, in order
 * within its partition. Fails (never skips) when no broker is reachable.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { testBrokers } from '../harness/brokers';
import {
  createTopics,
  eventually,
  parseSequenced,
  produceSequenced,
  testKafka,
  uniqueName,
  withProducer,
} from '../harness/kafka-fixtures';

const PARTITIONS = 3;
const MESSAGES = 10_000;

describe('Kafka test broker', () => {
  const brokers = testBrokers();
  const consumer = testKafka(brokers, 'vigil-roundtrip').consumer({
    groupId: uniqueName('roundtrip'),
    maxWaitTimeInMs: 500,
  });

  afterAll(async () => {
    await consumer.disconnect();
  });

  it(`round-trips ${MESSAGES} messages over ${PARTITIONS} partitions, each exactly once and in order`, async () => {
    const topic = uniqueName('roundtrip');
    await createTopics(brokers, [topic], PARTITIONS);

    const producedAt = Date.now();
    await withProducer(brokers, (producer) => produceSequenced(producer, topic, PARTITIONS, MESSAGES));
    const produceMs = Date.now() - producedAt;

    // Per partition: the next offset and sequence we expect, and every deviation from them.
    const expectedPerPartition = Array.from(
      { length: PARTITIONS },
      (_, p) => Math.floor(MESSAGES / PARTITIONS) + (p < MESSAGES % PARTITIONS ? 1 : 0),
    );
    const next = new Array<number>(PARTITIONS).fill(0);
    const problems: string[] = [];
    let received = 0;

    const consumedAt = Date.now();
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      // eslint-disable-next-line @typescript-eslint/require-await -- kafkajs wants a promise; checking is synchronous
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          received++;
          const offset = Number(message.offset);
          const { partition, sequence } = parseSequenced(message.value);
          const expected = next[batch.partition]!;
          if (partition !== batch.partition)
            problems.push(`p${batch.partition}@${offset}: written for p${partition}`);
          if (offset < expected)
            problems.push(`p${batch.partition}@${offset}: duplicate (expected ${expected})`);
          else if (offset > expected)
            problems.push(`p${batch.partition}: offsets ${expected}..${offset - 1} lost`);
          if (sequence !== offset)
            problems.push(`p${batch.partition}@${offset}: sequence ${sequence} out of order`);
          next[batch.partition] = Math.max(expected, offset + 1);
        }
      },
    });
    await eventually(`all ${MESSAGES} messages consumed`, () =>
      next.every((offset, partition) => offset >= expectedPerPartition[partition]!),
    );
    const consumeMs = Date.now() - consumedAt;
    console.log(
      `[kafka-roundtrip] produced ${MESSAGES} in ${produceMs} ms, consumed them back in ${consumeMs} ms ` +
        `(group join included)`,
    );

    expect(problems).toEqual([]);
    expect(next).toEqual(expectedPerPartition);
    expect(received).toBe(MESSAGES);
  });
});
