import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { messageTimestamp, toRawMessages } from '../../core/ingest/kafka-message';

function message(
  offset: string,
  timestamp: string,
  value: string | null,
  key: string | null = null,
): KafkaMessage {
  return {
    offset,
    timestamp,
    attributes: 0,
    headers: {},
    key: key === null ? null : Buffer.from(key),
    value: value === null ? null : Buffer.from(value),
  };
}

describe('toRawMessages', () => {
  it('keeps topic, partition, offset as a string, key and value', () => {
    const [raw] = toRawMessages('logs', 2, [message('9007199254740993', '1700000000123', 'hello', 'k')]);
    expect(raw).toEqual({
      topic: 'logs',
      partition: 2,
      offset: '9007199254740993',
      timestamp: 1700000000123,
      key: Buffer.from('k'),
      value: Buffer.from('hello'),
    });
  });

  it('delivers tombstones (null value) and keyless messages as they are', () => {
    const [raw] = toRawMessages('logs', 0, [message('0', '1', null)]);
    expect(raw?.value).toBeNull();
    expect(raw?.key).toBeNull();
  });
});

describe('messageTimestamp', () => {
  it('stamps a message Kafka reports without a timestamp with the receive time', () => {
    expect(messageTimestamp('-1', 42)).toBe(42);
    expect(messageTimestamp('not a number', 42)).toBe(42);
    expect(messageTimestamp('1700000000000', 42)).toBe(1700000000000);
  });
});
