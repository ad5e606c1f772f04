/**
 * Sends a list of message values in as few produce requests as their sizes allow: small values
 * grouped, a value larger than `maxRequestBytes` alone. Used for traffic mixed with malformed
 * (and very large) values, where a steady rate does not matter but every value must get through.
 */
import type { Producer } from 'kafkajs';

export interface BatchedSendOptions {
  maxMessages?: number;
  maxRequestBytes?: number;
}

export async function sendAll(
  producer: Producer,
  topic: string,
  values: ReadonlyArray<Buffer | string | null>,
  options: BatchedSendOptions = {},
): Promise<void> {
  const maxMessages = options.maxMessages ?? 1000;
  const maxBytes = options.maxRequestBytes ?? 512 * 1024;
  let batch: Array<{ value: Buffer | string | null }> = [];
  let bytes = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await producer.send({ topic, acks: -1, messages: batch });
    batch = [];
    bytes = 0;
  };
  for (const value of values) {
    const size = value === null ? 0 : typeof value === 'string' ? Buffer.byteLength(value) : value.length;
    if (batch.length >= maxMessages || (bytes + size > maxBytes && batch.length > 0)) await flush();
    batch.push({ value });
    bytes += size;
  }
  await flush();
}
