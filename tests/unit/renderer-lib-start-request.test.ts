/** The renderer's start request (renderer/src/lib/start-request.ts): building a demo or Kafka start from the settings form, with field errors. */
import { describe, expect, it } from 'vitest';
import { buildStartRequest, splitList } from '../../renderer/src/lib/start-request';
import { DEFAULT_KAFKA_FORM, INITIAL_SETTINGS } from '../../renderer/src/stores/settings';

describe('start request', () => {
  const demo = INITIAL_SETTINGS.demo;

  it('splits broker and topic lists on commas, spaces and newlines, without duplicates', () => {
    expect(splitList(' a:1, b:2\nc:3  a:1 ')).toEqual(['a:1', 'b:2', 'c:3']);
  });

  it('builds a valid demo request', () => {
    expect(buildStartRequest('demo', DEFAULT_KAFKA_FORM, { rate: 500, incidents: false })).toEqual({
      ok: true,
      request: { source: 'demo', demo: { rate: 500, incidents: false } },
    });
    const invalid = buildStartRequest('demo', DEFAULT_KAFKA_FORM, { rate: Number.NaN, incidents: true });
    expect(invalid.ok ? [] : invalid.errors.map((error) => error.field)).toEqual(['rate']);
  });

  it('builds a Kafka request with SASL and TLS from the form', () => {
    const built = buildStartRequest(
      'kafka',
      {
        ...DEFAULT_KAFKA_FORM,
        brokers: 'k1:9092,k2:9093',
        topics: 'logs security',
        saslEnabled: true,
        saslUsername: ' svc ',
        saslPassword: 'pw',
        tlsEnabled: true,
        tlsCa: '  ',
      },
      demo,
    );
    expect(built).toEqual({
      ok: true,
      request: {
        source: 'kafka',
        kafka: {
          brokers: ['k1:9092', 'k2:9093'],
          clientId: 'vigil',
          topics: ['logs', 'security'],
          topicPattern: null,
          fromBeginning: false,
          sasl: { mechanism: 'scram-sha-256', username: 'svc', password: 'pw' },
          tls: { enabled: true, rejectUnauthorized: true, ca: null },
        },
      },
    });
  });

  it('sends a named consumer group, and none when the field is empty (the installation group)', () => {
    const named = buildStartRequest('kafka', { ...DEFAULT_KAFKA_FORM, groupId: ' team-a ' }, demo);
    expect(named.ok && named.request.source === 'kafka' && named.request.kafka.groupId).toBe('team-a');
    const unnamed = buildStartRequest('kafka', DEFAULT_KAFKA_FORM, demo);
    expect(unnamed.ok && unnamed.request.source === 'kafka' && 'groupId' in unnamed.request.kafka).toBe(
      false,
    );
  });

  it('reports field errors in plain words, once per field', () => {
    const built = buildStartRequest(
      'kafka',
      {
        ...DEFAULT_KAFKA_FORM,
        brokers: 'nohost',
        topicsMode: 'pattern',
        topicPattern: '(',
        saslEnabled: true,
        groupId: '',
      },
      demo,
    );
    expect(built.ok).toBe(false);
    const fields = built.ok ? [] : built.errors.map((error) => error.field);
    // An empty group is no error: it means this installation's own group (the engine decides it).
    expect(fields.sort()).toEqual(['brokers', 'sasl.username', 'topicPattern']);
    const empty = buildStartRequest('kafka', { ...DEFAULT_KAFKA_FORM, brokers: ' ', topics: '' }, demo);
    expect(empty.ok ? [] : empty.errors).toEqual([
      { field: 'brokers', message: 'Enter at least one broker (host:port).' },
      { field: 'topics', message: 'Enter at least one topic.' },
    ]);
  });
});
