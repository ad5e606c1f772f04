/**
 * kafkajs messages → the source-neutral RawMessage the engine consumes.
 */
import type { KafkaMessage } from 'kafkajs';
import type { RawMessage } from './source';

/**
 * Kafka reports -1 for a message written without a timestamp (very old producers). Such a message
 * is still delivered, stamped with the time we received it, rather than dated 1970.
 */
export function messageTimestamp(timestamp: string, receivedAt: number): number {
  const value = Number(timestamp);
  return Number.isFinite(value) && value >= 0 ? value : receivedAt;
}

export function toRawMessages(
  topic: string,
  partition: number,
  messages: readonly KafkaMessage[],
  receivedAt: number = Date.now(),
): RawMessage[] {
  return messages.map((message) => ({
    topic,
    partition,
    offset: message.offset,
    timestamp: messageTimestamp(message.timestamp, receivedAt),
    key: message.key ?? null,
    value: message.value ?? null,
  }));
}
