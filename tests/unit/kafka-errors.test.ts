import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSSASLAuthenticationError,
} from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { REDACTED } from '../../core/contract';
import { describeKafkaError, isPermanentKafkaError } from '../../core/ingest/kafka-errors';

/** kafkajs builds protocol errors from the broker's error code; this is that shape. */
function protocolError(type: string, message: string): Error {
  return new KafkaJSProtocolError(Object.assign(new Error(message), { type, code: 0, retriable: false }));
}

/** The typings declare no constructor arguments, but kafkajs passes the message. */
function saslError(message: string): Error {
  return new (KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error)(message);
}

const refused = () =>
  new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092', {
    broker: '127.0.0.1:9092',
    code: 'ECONNREFUSED',
  });

describe('describeKafkaError', () => {
  it('names the unreachable broker, through kafkajs retry wrappers', () => {
    const wrapped = new KafkaJSNumberOfRetriesExceeded(refused(), { retryCount: 5, retryTime: 1000 });
    expect(describeKafkaError(wrapped)).toBe(
      'broker 127.0.0.1:9092 unreachable (Connection error: connect ECONNREFUSED 127.0.0.1:9092)',
    );
  });

  it('says authentication failed', () => {
    expect(
      describeKafkaError(saslError('SASL PLAIN authentication failed: Invalid username or password')),
    ).toBe('authentication failed: SASL PLAIN authentication failed: Invalid username or password');
  });

  it('says what a TLS failure was', () => {
    const tls = new KafkaJSConnectionError('Connection error: self-signed certificate', {
      broker: 'kafka:9093',
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    expect(describeKafkaError(tls)).toBe(
      'TLS with broker kafka:9093 failed: Connection error: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)',
    );
  });

  it('keeps the broker error type', () => {
    expect(
      describeKafkaError(protocolError('TOPIC_AUTHORIZATION_FAILED', 'Not authorized to access topics')),
    ).toBe('Not authorized to access topics (TOPIC_AUTHORIZATION_FAILED)');
  });

  it('describes anything else by name and message, and even non-errors', () => {
    expect(describeKafkaError(new TypeError('boom'))).toBe('TypeError: boom');
    expect(describeKafkaError('just text')).toBe('just text');
    expect(describeKafkaError(null)).toBe('null');
  });

  it('redacts secrets and stays short', () => {
    const reason = describeKafkaError(new Error(`password hunter2 ${'x'.repeat(2000)}`), ['hunter2']);
    expect(reason).not.toContain('hunter2');
    expect(reason).toContain(REDACTED);
    expect(reason.length).toBeLessThanOrEqual(501);
  });
});

describe('isPermanentKafkaError', () => {
  it('is true for what retrying cannot fix', () => {
    expect(isPermanentKafkaError(saslError('bad password'))).toBe(true);
    expect(isPermanentKafkaError(protocolError('GROUP_AUTHORIZATION_FAILED', 'no'))).toBe(true);
    expect(
      isPermanentKafkaError(new KafkaJSConnectionError('cert', { broker: 'b:1', code: 'CERT_HAS_EXPIRED' })),
    ).toBe(true);
  });

  it('looks through the wrappers kafkajs puts around the real failure', () => {
    // As kafkajs's retrier wraps errors: new KafkaJSNonRetriableError(e, { cause: e.cause || e }).
    const Wrapper = KafkaJSNonRetriableError as unknown as new (
      e: Error,
      options: { cause: unknown },
    ) => Error;
    const sasl = saslError('bad password');
    expect(isPermanentKafkaError(new Wrapper(sasl, { cause: sasl }))).toBe(true);
  });

  it('is false for outages and broker hiccups', () => {
    expect(isPermanentKafkaError(refused())).toBe(false);
    const outage = refused();
    expect(
      isPermanentKafkaError(new KafkaJSNumberOfRetriesExceeded(outage, { retryCount: 5, retryTime: 1000 })),
    ).toBe(false);
    expect(isPermanentKafkaError(protocolError('REBALANCE_IN_PROGRESS', 'rebalancing'))).toBe(false);
    expect(isPermanentKafkaError(new Error('anything'))).toBe(false);
  });
});
