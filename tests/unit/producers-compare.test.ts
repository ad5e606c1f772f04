/**
 * The field comparison the producer tests use (tests/fixtures/producers/compare.ts): what counts as
 * reading a field right, including the topic fallback of the service and the Kafka timestamp of a
 * message that states no time.
 */
import { describe, expect, it } from 'vitest';
import { fieldMismatch, fieldMismatches, type ReadRecord } from '../fixtures/producers/compare';
import { TOPIC_SERVICE, type ExpectedRecord } from '../fixtures/producers/real-fixtures';

const expected: ExpectedRecord = {
  time: 1_000,
  level: 'error',
  service: 'payments',
  host: null,
  message: 'Payment failed',
  error: {
    type: 'java.lang.IllegalStateException',
    message: 'failed',
    rootCause: 'java.net.SocketTimeoutException: Read timed out',
  },
};
const read: ReadRecord = { ...expected, time: 1_000, error: { ...expected.error! } };
const context = { topic: 'logs', kafkaTimestamp: 5_000 };

describe('producer field comparison', () => {
  it('accepts a record read exactly as expected, field by field', () => {
    for (const field of ['time', 'level', 'service', 'host', 'message', 'error'] as const) {
      expect(fieldMismatch(field, read, expected, context)).toBeNull();
    }
  });

  it('names the field, what was read and what was expected', () => {
    expect(fieldMismatch('service', { ...read, service: '30001ms' }, expected, context)).toBe(
      'service: got "30001ms", want "payments"',
    );
    expect(fieldMismatch('error', { ...read, error: undefined }, expected, context)).toMatch(
      /^error: got null, want \{/,
    );
    expect(fieldMismatch('level', { ...read, level: 'fatal' }, expected, context)).toBe(
      'level: got "fatal", want "error"',
    );
  });

  it('compares the service with the topic when the message names none', () => {
    const fallback = { ...expected, service: TOPIC_SERVICE };
    expect(fieldMismatch('service', { ...read, service: 'logs' }, fallback, context)).toBeNull();
    expect(fieldMismatch('service', { ...read, service: null }, fallback, context)).toBe(
      'service: got null, want "logs"',
    );
  });

  it('compares a message without a time with the Kafka timestamp, and skips it where that is unknown', () => {
    const timeless = { ...expected, time: null };
    expect(fieldMismatch('time', { ...read, time: 5_000 }, timeless, context)).toBeNull();
    expect(fieldMismatch('time', { ...read, time: 1_000 }, timeless, context)).toBe(
      'time: got 1000, want 5000',
    );
    expect(
      fieldMismatch('time', { ...read, time: 1_234 }, timeless, { topic: 'analyze', kafkaTimestamp: null }),
    ).toBeNull();
  });

  it('lists every wrong message by index, and a count mismatch as such', () => {
    const records = [read, { ...read, host: 'myapp.herokuapp.com' }, read];
    expect(fieldMismatches('host', records, [expected, expected, expected], () => context)).toEqual([
      '#1: host: got "myapp.herokuapp.com", want null',
    ]);
    expect(fieldMismatches('host', records, [expected], () => context)).toEqual([
      '3 records read for 1 expected',
    ]);
  });
});
