/**
 * Small kafkajs helpers shared by the integration tests: unique names, topic creation, and a
 * producer that writes numbered messages to chosen partitions (so consumers can check order).
 */
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type Admin, type Producer } from 'kafkajs';

/** A topic or group name no other test (or earlier run against a shared cluster) has used. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

export function testKafka(brokers: string[], clientId = 'vigil-test'): Kafka {
  return new Kafka({ brokers, clientId, logLevel: logLevel.WARN, retry: { retries: 3 } });
}

export async function withAdmin<T>(brokers: string[], use: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = testKafka(brokers, 'vigil-test-admin').admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect();
  }
}

/** Creates the topics and waits until their partitions have leaders. */
export async function createTopics(
  brokers: string[],
  topics: string[],
  numPartitions: number,
): Promise<void> {
  await withAdmin(brokers, async (admin) => {
    await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((topic) => ({ topic, numPartitions, replicationFactor: 1 })),
    });
  });
}

export async function withProducer<T>(
  brokers: string[],
  use: (producer: Producer) => Promise<T>,
): Promise<T> {
  const producer = testKafka(brokers, 'vigil-test-producer').producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    // One request in flight per broker: retries can then never reorder a partition.
    maxInFlightRequests: 1,
  });
  await producer.connect();
  try {
    return await use(producer);
  } finally {
    await producer.disconnect();
  }
}

/** The value written for the n-th message of a partition; `parseSequenced` reads it back. */
export function sequencedValue(partition: number, sequence: number): string {
  return JSON.stringify({ partition, sequence });
}

export function parseSequenced(value: Buffer | null): { partition: number; sequence: number } {
  if (value === null) throw new Error('message without a value');
  const parsed = JSON.parse(value.toString('utf8')) as { partition?: unknown; sequence?: unknown };
  if (typeof parsed.partition !== 'number' || typeof parsed.sequence !== 'number') {
    throw new Error(`not a sequenced test message: ${value.toString('utf8').slice(0, 200)}`);
  }
  return { partition: parsed.partition, sequence: parsed.sequence };
}

/**
 * Writes `count` messages round-robin over `partitions` partitions, each numbered by its own
 * per-partition sequence, in sends of `chunk` messages (acks from all replicas).
 */
export async function produceSequenced(
  producer: Producer,
  topic: string,
  partitions: number,
  count: number,
  chunk = 500,
): Promise<void> {
  const nextSequence = new Array<number>(partitions).fill(0);
  for (let start = 0; start < count; start += chunk) {
    const messages = [];
    for (let i = start; i < Math.min(count, start + chunk); i++) {
      const partition = i % partitions;
      const sequence = nextSequence[partition]!;
      nextSequence[partition] = sequence + 1;
      messages.push({ partition, key: `k${partition}`, value: sequencedValue(partition, sequence) });
    }
    await producer.send({ topic, acks: -1, messages });
  }
}

/**
 * Resolves when `condition()` holds, polling every 100 ms. Gives up after `timeoutMs` with an error
 * naming what never happened (a hang guard, not a performance check: keep it generous).
 */
export async function eventually(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
