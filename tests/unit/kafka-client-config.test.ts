import { describe, expect, it } from 'vitest';
import { KafkaConfig, type KafkaConfigInput } from '../../core/contract';
import {
  compileTopicPattern,
  insecureSaslWarning,
  saslOptions,
  tlsOptions,
  toKafkaJsConfig,
} from '../../core/ingest/kafka-client-config';

const noLogs = () => () => undefined;
const config = (input: Partial<KafkaConfigInput> = {}) =>
  KafkaConfig.parse({ brokers: ['127.0.0.1:9092'], ...input });
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('toKafkaJsConfig', () => {
  it('passes brokers and client id, and leaves TLS and SASL off by default', () => {
    const mapped = toKafkaJsConfig(config({ brokers: ['a:9092', 'b:9093'], clientId: 'vigil-x' }), noLogs);
    expect(mapped.brokers).toEqual(['a:9092', 'b:9093']);
    expect(mapped.clientId).toBe('vigil-x');
    expect(mapped).not.toHaveProperty('ssl');
    expect(mapped).not.toHaveProperty('sasl');
    expect(mapped.logCreator).toBe(noLogs);
  });

  it.each(['plain', 'scram-sha-256', 'scram-sha-512'] as const)(
    'maps SASL %s with its credentials',
    (mechanism) => {
      const mapped = toKafkaJsConfig(
        config({ sasl: { mechanism, username: 'svc', password: 'pw' } }),
        noLogs,
      );
      expect(mapped.sasl).toEqual({ mechanism, username: 'svc', password: 'pw' });
    },
  );

  it('maps TLS with a CA bundle and certificate checking', () => {
    const mapped = toKafkaJsConfig(
      config({ tls: { enabled: true, rejectUnauthorized: true, ca: PEM } }),
      noLogs,
    );
    expect(mapped.ssl).toEqual({ rejectUnauthorized: true, ca: [PEM] });
  });
});

describe('tlsOptions', () => {
  it('is off when absent or disabled', () => {
    expect(tlsOptions(null)).toBeUndefined();
    expect(tlsOptions({ enabled: false, rejectUnauthorized: true, ca: PEM })).toBeUndefined();
  });

  it('keeps the system trust store when no CA is given, and honours rejectUnauthorized=false', () => {
    expect(tlsOptions({ enabled: true, rejectUnauthorized: true, ca: null })).toEqual({
      rejectUnauthorized: true,
    });
    expect(tlsOptions({ enabled: true, rejectUnauthorized: false, ca: '  ' })).toEqual({
      rejectUnauthorized: false,
    });
  });

  it('defaults to verifying certificates', () => {
    const parsed = config({ tls: { enabled: true } });
    expect(tlsOptions(parsed.tls)).toEqual({ rejectUnauthorized: true });
  });
});

describe('saslOptions', () => {
  it('is off without SASL', () => {
    expect(saslOptions(null)).toBeUndefined();
  });
});

describe('compileTopicPattern', () => {
  it('matches whole topic names only', () => {
    const pattern = compileTopicPattern('logs-.*');
    expect(pattern.test('logs-api')).toBe(true);
    expect(pattern.test('old-logs-api')).toBe(false);
    expect(compileTopicPattern('logs|security').test('security')).toBe(true);
    expect(compileTopicPattern('logs|security').test('security-x')).toBe(false);
  });

  it("never matches Kafka's internal topics", () => {
    const everything = compileTopicPattern('.*');
    expect(everything.test('__consumer_offsets')).toBe(false);
    expect(everything.test('__transaction_state')).toBe(false);
    expect(everything.test('app_logs')).toBe(true);
  });

  it('rejects an invalid expression with a readable error', () => {
    expect(() => compileTopicPattern('logs-(')).toThrow(/invalid topicPattern "logs-\("/);
  });

  it('cannot be escaped by unbalanced groups', () => {
    expect(() => compileTopicPattern('a)|(.*')).toThrow(/invalid topicPattern/);
  });
});

describe('insecureSaslWarning', () => {
  const sasl = { mechanism: 'plain' as const, username: 'u', password: 'p' };

  it('warns about SASL PLAIN without TLS only', () => {
    expect(insecureSaslWarning(config({ sasl }))).toMatch(/PLAIN .*without TLS/);
    expect(insecureSaslWarning(config({ sasl, tls: { enabled: true } }))).toBeNull();
    expect(insecureSaslWarning(config({ sasl: { ...sasl, mechanism: 'scram-sha-512' } }))).toBeNull();
    expect(insecureSaslWarning(config())).toBeNull();
  });
});
