/**
 * Starting, stopping and querying the engine over REST (`/api/ml/real_time`): how each operation
 * maps to an engine command with the contract defaults applied, the status shape with secrets
 * redacted, and the 400/413 answers to bodies that are invalid, malformed or too large. Runs
 * against a real listening server (tests/unit/host-rest-fixture.ts).
 */
import { describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../core/contract';
import { LIMITS } from '../../core/contract';
import { engineStatus, kafkaConfigWithPassword, PASSWORD } from './host-engine-double';
import { auth, errorOf, useHostRestServer } from './host-rest-fixture';

const { engine, origin, get, post } = useHostRestServer();

describe('POST /api/ml/real_time', () => {
  it('maps a Kafka start to engine:start with the contract defaults applied', async () => {
    const res = await post('/api/ml/real_time', {
      operation: 'start',
      topics: ['logs', 'security'],
      brokers: ['127.0.0.1:9092'],
    });
    expect(res.status).toBe(200);
    expect(engine.calls).toHaveLength(1);
    expect(engine.calls[0]).toEqual({
      name: 'engine:start',
      request: {
        source: 'kafka',
        kafka: {
          brokers: ['127.0.0.1:9092'],
          topics: ['logs', 'security'],
          clientId: 'vigil',
          topicPattern: null,
          fromBeginning: false,
          sasl: null,
          tls: null,
        },
      },
    });
  });

  it('passes the optional Kafka fields through', async () => {
    const res = await post('/api/ml/real_time', {
      operation: 'start',
      brokers: ['kafka-1:9093'],
      groupId: 'g1',
      clientId: 'c1',
      topicPattern: '^logs-.*$',
      fromBeginning: true,
      sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'p' },
      tls: { enabled: true },
    });
    expect(res.status).toBe(200);
    const kafka = (engine.calls[0]?.request as { kafka: Record<string, unknown> }).kafka;
    expect(kafka).toMatchObject({
      groupId: 'g1',
      clientId: 'c1',
      topicPattern: '^logs-.*$',
      fromBeginning: true,
      sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'p' },
      tls: { enabled: true, rejectUnauthorized: true, ca: null },
    });
  });

  it('passes a role and a cluster to the start request (issue 19)', async () => {
    const res = await post('/api/ml/real_time', {
      operation: 'start',
      role: 'analyzer',
      cluster: 'team-a',
      brokers: ['k:9092'],
      topics: ['logs'],
    });
    expect(res.status).toBe(200);
    expect(engine.calls[0]?.request).toMatchObject({
      source: 'kafka',
      role: 'analyzer',
      cluster: 'team-a',
      kafka: { brokers: ['k:9092'], topics: ['logs'] },
    });
    expect((engine.calls[0]?.request as { kafka: object }).kafka).not.toHaveProperty('role');
    const bad = await post('/api/ml/real_time', { operation: 'start', role: 'console', brokers: ['k:9092'] });
    expect(bad.status).toBe(400);
  });

  it('maps a demo start with its rate', async () => {
    const res = await post('/api/ml/real_time', { operation: 'start', source: 'demo', rate: 50 });
    expect(res.status).toBe(200);
    expect(engine.calls[0]).toEqual({
      name: 'engine:start',
      request: { source: 'demo', demo: { rate: 50, incidents: true } },
    });
  });

  it('maps stop and status', async () => {
    await post('/api/ml/real_time', { operation: 'stop' });
    await post('/api/ml/real_time', { operation: 'status' });
    expect(engine.calls.map((call) => call.name)).toEqual(['engine:stop', 'engine:status']);
  });

  it('returns the status shape the console documents, with secrets redacted', async () => {
    engine.responses['engine:status'] = engineStatus({
      running: true,
      source: 'kafka',
      config: kafkaConfigWithPassword(),
    });
    const body = (await (await get('/api/ml/real_time')).json()) as EngineStatus;
    expect(body.running).toBe(true);
    expect(body.health).toEqual({ status: 'healthy', reasons: [] });
    for (const key of [
      'processed',
      'errors',
      'logsPerSecond',
      'latencyMs',
      'errorRate',
      'uptimeSeconds',
      'consumerLag',
    ]) {
      expect(body.stats).toHaveProperty(key);
    }
    expect(JSON.stringify(body)).not.toContain(PASSWORD);
    expect(body.config?.source === 'kafka' && body.config.kafka.sasl?.password).toBe('********');
  });

  it.each([
    ['an unknown operation', { operation: 'restart' }, 'unknown_operation'],
    ['a missing operation', { topics: ['logs'] }, 'invalid_request'],
    ['a body that is not an object', [1, 2], 'invalid_request'],
    ['brokers of the wrong type', { operation: 'start', brokers: 'localhost:9092' }, 'invalid_request'],
    ['a broker without a port', { operation: 'start', brokers: ['localhost'] }, 'invalid_request'],
    ['missing brokers', { operation: 'start', topics: ['logs'] }, 'invalid_request'],
    [
      'an invalid topic name',
      { operation: 'start', brokers: ['h:1'], topics: ['bad topic'] },
      'invalid_request',
    ],
    ['a misspelled field', { operation: 'start', brokers: ['h:1'], topic: ['logs'] }, 'invalid_request'],
    [
      'Kafka fields on a demo start',
      { operation: 'start', source: 'demo', brokers: ['h:1'] },
      'invalid_request',
    ],
    ['a negative demo rate', { operation: 'start', source: 'demo', rate: -5 }, 'invalid_request'],
    ['extra fields on stop', { operation: 'stop', force: true }, 'invalid_request'],
  ])('refuses %s with 400', async (_label, body, code) => {
    const res = await post('/api/ml/real_time', body);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(0);
    expect(engine.calls).toEqual([]);
  });

  it('names the offending field in a validation error', async () => {
    const error = await errorOf(
      await post('/api/ml/real_time', { operation: 'start', brokers: ['localhost'] }),
    );
    expect(error.message).toContain('brokers.0');
    expect(error.message).toContain('host:port');
  });
});

describe('bad bodies', () => {
  it('is 400 bad_json for malformed JSON', async () => {
    const res = await post('/api/ml/analyze', '{"logs": [');
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('bad_json');
  });

  it('is 413 for a body over the limit (declared length), without calling the engine', async () => {
    const big = JSON.stringify({ logs: ['x'.repeat(LIMITS.requestMaxBytes)] });
    const res = await post('/api/ml/analyze', big);
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe('payload_too_large');
    expect(engine.calls).toEqual([]);
  });

  it('is 413 for a chunked body that grows over the limit', async () => {
    const chunk = new Uint8Array(1024 * 1024).fill(0x61);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Offers twice the limit; the server must answer long before it is all sent.
        if (sent >= 2 * LIMITS.requestMaxBytes) controller.close();
        else {
          sent += chunk.length;
          controller.enqueue(chunk);
        }
      },
    });
    const res = await fetch(`${origin()}/api/ml/analyze`, {
      method: 'POST',
      headers: auth,
      body: stream,
      duplex: 'half',
    });
    expect(res.status).toBe(413);
    expect(engine.calls).toEqual([]);
  });

  it('the server still answers after an oversized request', async () => {
    expect((await get('/api/health')).status).toBe(200);
  });
});
