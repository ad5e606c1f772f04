/**
 * Reads back exactly what a client put on a topic: the raw value bytes of every message, in
 * partition order, until `count` have arrived (or throws after `timeoutMs`, naming how many did).
 */
import { Kafka, logLevel } from 'kafkajs';
import { uniqueName } from '../kafka-fixtures';

export interface CapturedMessage {
  partition: number;
  offset: string;
  /** The message value exactly as the client wrote it (null for a tombstone). */
  value: Buffer | null;
  key: Buffer | null;
}

export async function readTopic(
  brokers: string[],
  topic: string,
  count: number,
  timeoutMs = 30_000,
): Promise<CapturedMessage[]> {
  const kafka = new Kafka({ brokers, clientId: 'vigil-producer-capture', logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: uniqueName('capture') });
  const messages: CapturedMessage[] = [];
  let done: () => void = () => undefined;
  const complete = new Promise<void>((resolve) => {
    done = resolve;
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ partition, message }) => {
        messages.push({ partition, offset: message.offset, value: message.value, key: message.key });
        if (messages.length >= count) done();
        return Promise.resolve();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([complete, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      throw new Error(
        `topic ${topic}: ${messages.length} of ${count} messages arrived within ${timeoutMs} ms`,
      );
    }
  } finally {
    await consumer.disconnect();
  }
  return messages.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
}
