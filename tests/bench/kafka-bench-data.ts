/**
 * Fills a Kafka topic with real log lines for the pipeline benchmarks: the 32,000 Loghub raw lines
 * cycled, every fourth one wrapped as a JSON log, so that both the plain and the JSON parsers work.
 */
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { allRawLines } from '../fixtures/loghub';

export function benchLines(): string[] {
  return allRawLines().map(({ system, line }, i) =>
    i % 4 === 0
      ? JSON.stringify({ ts: new Date().toISOString(), level: 'info', service: system, msg: line })
      : line,
  );
}

export function kafkaClient(brokers: string[], clientId: string): Kafka {
  return new Kafka({ brokers, clientId, logLevel: logLevel.NOTHING });
}

export async function createTopic(kafka: Kafka, topic: string, partitions = 3): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}

/** Produces `count` messages as fast as the broker takes them; returns messages per second. */
export async function prefill(kafka: Kafka, topic: string, count: number): Promise<number> {
  const lines = benchLines();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const started = Date.now();
  try {
    const chunk = 5000;
    const inFlight: Promise<unknown>[] = [];
    for (let sent = 0; sent < count; sent += chunk) {
      const n = Math.min(chunk, count - sent);
      const messages = Array.from({ length: n }, (_, j) => ({ value: lines[(sent + j) % lines.length]! }));
      inFlight.push(producer.send({ topic, acks: 1, messages }));
      if (inFlight.length >= 4) await inFlight.shift();
    }
    await Promise.all(inFlight);
  } finally {
    await producer.disconnect();
  }
  return Math.round(count / ((Date.now() - started) / 1000));
}

/** Produces at a steady rate for `seconds`, in small timed bursts; returns the count sent. */
export async function produceSteady(
  kafka: Kafka,
  topic: string,
  perSecond: number,
  seconds: number,
): Promise<number> {
  const lines = benchLines();
  const producer: Producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const tickMs = 20;
  const started = Date.now();
  let sent = 0;
  try {
    while (Date.now() - started < seconds * 1000) {
      const due = Math.floor(((Date.now() - started) / 1000) * perSecond);
      if (due > sent) {
        const messages = Array.from({ length: due - sent }, (_, j) => ({
          value: lines[(sent + j) % lines.length]!,
        }));
        await producer.send({ topic, acks: 1, messages });
        sent = due;
      }
      await new Promise((r) => setTimeout(r, tickMs));
    }
  } finally {
    await producer.disconnect();
  }
  return sent;
}
