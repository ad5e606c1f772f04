import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { KafkaConfig, REDACTED } from '../../core/contract';
import { toKafkaJsConfig } from '../../core/ingest/kafka-client-config';
import { describeKafkaError } from '../../core/ingest/kafka-errors';
import {
  forwardKafkaJsEntry,
  kafkaJsLogCreator,
  redactSecrets,
  secretsOf,
  type LogFields,
  type SourceLogLevel,
} from '../../core/ingest/kafka-log';
import { freePort } from '../harness/free-port';

const PASSWORD = 's3cr3t-"pa\\ss"';

function collector() {
  const lines: { level: SourceLogLevel; message: string; fields?: LogFields }[] = [];
  const logger = (level: SourceLogLevel, message: string, fields?: LogFields) =>
    lines.push({ level, message, fields });
  return { lines, logger, text: () => JSON.stringify(lines) };
}

function entry(level: logLevel, message: string, extra: Record<string, unknown> = {}): LogEntry {
  return {
    namespace: 'Consumer',
    level,
    label: 'ERROR',
    log: { timestamp: '2026-01-01T00:00:00.000Z', logger: 'kafkajs', message, ...extra },
  };
}

describe('redactSecrets', () => {
  it('replaces the secret raw and as written inside JSON', () => {
    expect(redactSecrets(`pw=${PASSWORD}`, [PASSWORD])).toBe(`pw=${REDACTED}`);
    expect(redactSecrets(JSON.stringify({ pw: PASSWORD }), [PASSWORD])).toBe(`{"pw":"${REDACTED}"}`);
  });

  it('ignores empty secrets', () => {
    expect(redactSecrets('text', [''])).toBe('text');
  });
});

describe('secretsOf', () => {
  it('is the SASL password when there is one', () => {
    expect(secretsOf({ sasl: null })).toEqual([]);
    expect(secretsOf({ sasl: { password: '' } })).toEqual([]);
    expect(secretsOf({ sasl: { password: 'x' } })).toEqual(['x']);
  });
});

describe('forwardKafkaJsEntry', () => {
  it('routes kafkajs levels to ours and skips NOTHING', () => {
    const { lines, logger } = collector();
    forwardKafkaJsEntry(entry(logLevel.ERROR, 'e'), logger, []);
    forwardKafkaJsEntry(entry(logLevel.WARN, 'w'), logger, []);
    forwardKafkaJsEntry(entry(logLevel.INFO, 'i'), logger, []);
    forwardKafkaJsEntry(entry(logLevel.DEBUG, 'd'), logger, []);
    forwardKafkaJsEntry(entry(logLevel.NOTHING, 'n'), logger, []);
    expect(lines.map((line) => line.level)).toEqual(['error', 'warn', 'info', 'debug']);
    expect(lines[0]?.message).toBe('kafkajs Consumer: e');
    expect(lines[0]?.fields?.namespace).toBe('Consumer');
  });

  it('never lets the password through, wherever kafkajs puts it', () => {
    const { logger, text } = collector();
    forwardKafkaJsEntry(
      entry(logLevel.ERROR, `auth with ${PASSWORD} failed`, {
        error: new Error(`bad password ${PASSWORD}`),
        sasl: { mechanism: 'plain', username: 'svc', password: PASSWORD },
        stack: `Error: ${PASSWORD}\n    at x`,
        broker: `host-${PASSWORD}:9092`,
      }),
      logger,
      [PASSWORD],
    );
    expect(text()).not.toContain('s3cr3t');
    expect(text()).toContain(REDACTED);
  });

  it('bounds every field', () => {
    const { lines, logger } = collector();
    forwardKafkaJsEntry(entry(logLevel.WARN, 'x'.repeat(50_000), { big: 'y'.repeat(50_000) }), logger, []);
    expect(lines[0]!.message.length).toBeLessThan(1100);
    expect(String(lines[0]!.fields?.big).length).toBeLessThan(1100);
  });
});

describe('kafkajs with SASL configured', () => {
  it('logs its connection failures, and the error it throws, without the password', async () => {
    const port = await freePort(); // nothing listens there: kafkajs fails and logs why
    const config = KafkaConfig.parse({
      brokers: [`127.0.0.1:${port}`],
      sasl: { mechanism: 'scram-sha-512', username: 'svc', password: PASSWORD },
    });
    const { lines, logger, text } = collector();
    const kafka = new Kafka({
      ...toKafkaJsConfig(config, kafkaJsLogCreator(logger, secretsOf(config))),
      retry: { retries: 0 },
      logLevel: logLevel.DEBUG,
    });
    const admin = kafka.admin();
    const failure = await admin.connect().then(
      () => null,
      (error: unknown) => error,
    );
    await admin.disconnect();
    expect(failure).not.toBeNull();
    expect(lines.length).toBeGreaterThan(0);
    expect(text()).not.toContain('s3cr3t');
    const reason = describeKafkaError(failure, secretsOf(config));
    expect(reason).toMatch(new RegExp(`broker 127\\.0\\.0\\.1:${port} unreachable`));
    expect(reason).not.toContain('s3cr3t');
  });
});
