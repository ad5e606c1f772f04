/**
 * The REST layer of the headless host, against a real listening server on an ephemeral port. The
 * engine is a recording test double (below): these tests are about HTTP (auth, validation, status
 * codes, mapping to engine commands), not analysis.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CommandName, EngineStatus, EventBatch } from '../../core/contract';
import { LIMITS } from '../../core/contract';
import type { EngineClient } from '../../core/engine/client';
import { EngineError } from '../../core/engine/errors';
import { startHostServer, type HostServer } from '../../core/host/server';

const TOKEN = 'test-token-0123456789abcdef';

function engineStatus(overrides: Partial<EngineStatus> = {}): EngineStatus {
  const zeroes = { p50: 0, p95: 0, p99: 0 };
  return {
    running: false,
    source: null,
    startedAt: null,
    health: { status: 'healthy', reasons: [] },
    stats: {
      processed: 0,
      errors: 0,
      logsPerSecond: 0,
      logsPerSecond1m: 0,
      latencyMs: zeroes,
      decisionLatencyMs: zeroes,
      errorRate: 0,
      uptimeSeconds: 0,
      consumerLag: 0,
      lagByPartition: [],
      dataQuality: { total: 0, byKind: {} },
      countsByLevel: {},
      countsByTrigger: {},
      process: { cpuPercent: 0, rssBytes: 0, heapUsedBytes: 0, eventLoopDelayMs: zeroes },
      diskBytes: 0,
    },
    config: null,
    ...overrides,
  };
}

/** Records every call; answers from `responses` or throws what `failures` names. */
class RecordingEngine implements EngineClient {
  calls: { name: CommandName; request: unknown }[] = [];
  responses: Partial<Record<CommandName, unknown>> = {};
  failures: Partial<Record<CommandName, Error>> = {};
  call(name: CommandName, request: unknown): Promise<never> {
    this.calls.push({ name, request });
    const failure = this.failures[name];
    if (failure) return Promise.reject(failure);
    const response = this.responses[name] ?? (name.startsWith('engine:') ? engineStatus() : {});
    return Promise.resolve(response as never);
  }
  onEvents(_listener: (batch: EventBatch) => void): () => void {
    return () => {};
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

let engine: RecordingEngine;
let server: HostServer;
let base: string;

beforeAll(async () => {
  engine = new RecordingEngine();
  server = await startHostServer({
    engine,
    token: TOKEN,
    host: '127.0.0.1',
    port: 0,
    rendererDir: '/nonexistent-vigil-renderer',
    log: () => {},
  });
  base = server.origin;
});
afterAll(() => server.close());
beforeEach(() => {
  engine.calls = [];
  engine.responses = {};
  engine.failures = {};
});

const auth = { Authorization: `Bearer ${TOKEN}` };

function post(path: string, body: unknown, headers: Record<string, string> = auth): Promise<Response> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return fetch(base + path, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: text,
  });
}

function get(path: string, headers: Record<string, string> = auth): Promise<Response> {
  return fetch(base + path, { headers });
}

async function errorOf(res: Response): Promise<{ code: string; message: string }> {
  const body = (await res.json()) as { error: { code: string; message: string } };
  return body.error;
}

/** A raw request, for what fetch refuses to send (a forged Host header). */
function rawRequest(
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { headers, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const ROUTES: { method: 'GET' | 'POST'; path: string; body?: unknown }[] = [
  { method: 'GET', path: '/api/ml/real_time' },
  { method: 'POST', path: '/api/ml/real_time', body: { operation: 'status' } },
  { method: 'POST', path: '/api/ml/analyze', body: { logs: ['x'] } },
  { method: 'GET', path: '/api/alerts' },
  { method: 'POST', path: '/api/alerts/a1/ack', body: {} },
  { method: 'POST', path: '/api/alerts/a1/resolve', body: {} },
  { method: 'POST', path: '/api/alerts/a1/snooze', body: { durationMs: 1000 } },
  { method: 'GET', path: '/api/patterns' },
  { method: 'GET', path: '/api/models' },
  { method: 'GET', path: '/api/health' },
  { method: 'GET', path: '/api/ws' },
  { method: 'GET', path: '/api/no-such-route' },
];

describe('authentication', () => {
  for (const route of ROUTES) {
    for (const [label, headers] of [
      ['no token', {}],
      ['a wrong token', { Authorization: `Bearer ${TOKEN}x` }],
      ['a token of another scheme', { Authorization: `Basic ${TOKEN}` }],
    ] as const) {
      it(`${route.method} ${route.path} with ${label} is 401 and reaches no engine command`, async () => {
        const res =
          route.method === 'GET'
            ? await get(route.path, headers)
            : await post(route.path, route.body, headers);
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toBe('Bearer');
        expect((await errorOf(res)).code).toBe('unauthorized');
        expect(engine.calls).toEqual([]);
      });
    }
  }

  it('accepts the right token on every known route', async () => {
    for (const route of ROUTES.filter((r) => !['/api/ws', '/api/no-such-route'].includes(r.path))) {
      const res = route.method === 'GET' ? await get(route.path) : await post(route.path, route.body);
      expect([route.path, res.status]).toEqual([route.path, 200]);
    }
  });
});

describe('DNS rebinding and headers', () => {
  it('refuses a request whose Host is not a loopback name, even with the token', async () => {
    const res = await rawRequest('/api/health', { Host: 'attacker.example:3000', ...auth });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).error.code).toBe('forbidden_host');
    const page = await rawRequest('/', { Host: 'attacker.example' });
    expect(page.status).toBe(403);
  });

  it('accepts localhost and 127.0.0.1 in the Host header', async () => {
    expect((await rawRequest('/api/health', { Host: `localhost:${server.port}`, ...auth })).status).toBe(200);
    expect((await rawRequest('/api/health', { Host: `127.0.0.1:${server.port}`, ...auth })).status).toBe(200);
  });

  it('sets the security headers on API responses, and never caches them', async () => {
    const res = await get('/api/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });
});

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
          groupId: 'vigil',
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
      config: {
        source: 'kafka',
        kafka: {
          brokers: ['b:9092'],
          clientId: 'vigil',
          groupId: 'vigil',
          topics: ['logs'],
          topicPattern: null,
          fromBeginning: false,
          sasl: { mechanism: 'plain', username: 'u', password: 'hunter2' },
          tls: null,
        },
      },
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
    expect(JSON.stringify(body)).not.toContain('hunter2');
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
    const res = await fetch(`${base}/api/ml/analyze`, {
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

describe('routing', () => {
  it('is 404 for an unknown API route (with the token)', async () => {
    const res = await get('/api/nope');
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe('not_found');
  });

  it('is 405 with Allow for a wrong method', async () => {
    const res = await fetch(`${base}/api/ml/analyze`, { headers: auth });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    const del = await fetch(`${base}/api/alerts`, { method: 'DELETE', headers: auth });
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('GET');
  });

  it('is 426 for a plain GET of the WebSocket path', async () => {
    expect((await get('/api/ws')).status).toBe(426);
  });
});

describe('concurrency bound on POSTs', () => {
  it('answers 503 busy beyond the bound, and accepts again once a request finishes', async () => {
    const slow = new RecordingEngine();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    slow.call = (name: CommandName, request: unknown): Promise<never> => {
      slow.calls.push({ name, request });
      return held.then(() => ({ results: [] }) as never);
    };
    const bounded = await startHostServer({
      engine: slow,
      token: TOKEN,
      host: '127.0.0.1',
      port: 0,
      rendererDir: '/nonexistent-vigil-renderer',
      maxConcurrentPosts: 1,
      log: () => {},
    });
    try {
      const analyze = () =>
        fetch(`${bounded.origin}/api/ml/analyze`, { method: 'POST', headers: auth, body: '{"logs":["a"]}' });
      const first = analyze();
      while (slow.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const second = await analyze();
      expect(second.status).toBe(503);
      expect(second.headers.get('retry-after')).toBe('1');
      release();
      expect((await first).status).toBe(200);
      expect((await analyze()).status).toBe(200);
    } finally {
      release();
      await bounded.close();
    }
  });
});

describe('malformed HTTP', () => {
  it('answers 400 to bytes that are not HTTP and keeps serving', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: server.port }, () =>
        socket.write('NOT HTTP AT ALL\r\n\r\n'),
      );
      let text = '';
      socket.on('data', (chunk) => (text += String(chunk)));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(reply.startsWith('HTTP/1.1 400')).toBe(true);
    expect((await get('/api/health')).status).toBe(200);
  });

  it('answers 431 to oversized headers', async () => {
    const res = await rawRequest('/api/health', {
      Host: `127.0.0.1:${server.port}`,
      ...auth,
      'X-Filler': 'x'.repeat(64 * 1024),
    });
    expect(res.status).toBe(431);
    expect((await get('/api/health')).status).toBe(200);
  });
});

describe('POST /api/ml/analyze', () => {
  it('passes the logs in order and returns the engine results', async () => {
    const results = [
      {
        level: 'error',
        category: 'system',
        severity: 'error',
        templateId: 't1',
        template: 'disk <*> failed',
        scores: { severity: {}, category: {} },
      },
      {
        level: null,
        category: 'normal',
        severity: 'info',
        templateId: 't2',
        template: 'ok',
        scores: { severity: {}, category: {} },
      },
    ];
    engine.responses.analyze = { results };
    const res = await post('/api/ml/analyze', {
      logs: ['disk sda failed', { message: 'ok', level: 'info' }],
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ results });
    expect(engine.calls[0]).toEqual({
      name: 'analyze',
      request: { logs: ['disk sda failed', { message: 'ok', level: 'info' }] },
    });
  });

  it.each([
    ['no logs field', {}],
    ['an empty list', { logs: [] }],
    ['a number as a log', { logs: [42] }],
    ['logs that are not a list', { logs: 'line' }],
  ])('refuses %s with 400', async (_label, body) => {
    const res = await post('/api/ml/analyze', body);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('invalid_request');
    expect(engine.calls).toEqual([]);
  });

  it('refuses more logs than the contract allows', async () => {
    const res = await post('/api/ml/analyze', { logs: new Array(LIMITS.analyzeMaxLogs + 1).fill('x') });
    expect(res.status).toBe(400);
  });
});

describe('alerts', () => {
  it('parses comma lists and repeated parameters into the alert query', async () => {
    engine.responses['alerts:list'] = { alerts: [] };
    const res = await get(
      '/api/alerts?level=critical,high&trigger=security&trigger=anomaly&status=open&service=api&limit=20',
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ alerts: [] });
    expect(engine.calls[0]).toEqual({
      name: 'alerts:list',
      request: {
        level: ['critical', 'high'],
        trigger: ['security', 'anomaly'],
        status: ['open'],
        service: 'api',
        limit: 20,
      },
    });
  });

  it.each([
    ['an unknown level', '?level=urgent'],
    ['a limit that is not a number', '?limit=ten'],
    ['a limit out of range', '?limit=999999'],
    ['an unknown parameter', '?severity=high'],
  ])('refuses %s with 400', async (_label, query) => {
    const res = await get(`/api/alerts${query}`);
    expect(res.status).toBe(400);
    expect(engine.calls).toEqual([]);
  });

  it('maps ack, resolve and snooze to alerts:act, decoding the id', async () => {
    await post('/api/alerts/a%2F1/ack', {});
    await post('/api/alerts/a1/resolve', undefined);
    await post('/api/alerts/a1/snooze', { durationMs: 60000 });
    expect(engine.calls).toEqual([
      { name: 'alerts:act', request: { id: 'a/1', action: 'ack' } },
      { name: 'alerts:act', request: { id: 'a1', action: 'resolve' } },
      { name: 'alerts:act', request: { id: 'a1', action: 'snooze', durationMs: 60000 } },
    ]);
  });

  it('refuses a snooze without a valid duration', async () => {
    expect((await post('/api/alerts/a1/snooze', {})).status).toBe(400);
    expect((await post('/api/alerts/a1/snooze', { durationMs: -1 })).status).toBe(400);
    expect((await post('/api/alerts/a1/snooze', { durationMs: '1h' })).status).toBe(400);
    expect(engine.calls).toEqual([]);
  });

  it('is 404 for an unknown alert, with the engine message', async () => {
    engine.failures['alerts:act'] = new EngineError('not_found', 'no alert a9');
    const res = await post('/api/alerts/a9/ack', {});
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toEqual({ code: 'not_found', message: 'no alert a9' });
  });
});

describe('other GET routes', () => {
  it('patterns takes a limit', async () => {
    engine.responses['patterns:list'] = { patterns: [] };
    expect((await get('/api/patterns?limit=5')).status).toBe(200);
    expect(engine.calls[0]).toEqual({ name: 'patterns:list', request: { limit: 5 } });
    expect((await get('/api/patterns?limit=0')).status).toBe(400);
  });

  it('models returns the model status', async () => {
    const models = { active: null, error: 'no model file', shadow: null };
    engine.responses['models:status'] = models;
    expect(await (await get('/api/models')).json()).toEqual(models);
  });

  it('health returns the health only, plus whether the engine runs', async () => {
    engine.responses['engine:status'] = engineStatus({
      running: true,
      health: { status: 'degraded', reasons: ['lag 12000'] },
    });
    expect(await (await get('/api/health')).json()).toEqual({
      status: 'degraded',
      reasons: ['lag 12000'],
      running: true,
    });
  });
});

describe('engine errors', () => {
  it('is 409 for a conflict, with the message and no stack', async () => {
    engine.failures['engine:start'] = new EngineError('conflict', 'the engine is already running');
    const res = await post('/api/ml/real_time', { operation: 'start', source: 'demo' });
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toEqual({ code: 'conflict', message: 'the engine is already running' });
  });

  it('is 500 for an unexpected failure, without a stack trace', async () => {
    engine.failures['engine:status'] = new TypeError('cannot read properties of undefined');
    const res = await get('/api/ml/real_time');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).toContain('cannot read properties of undefined');
    expect(text).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('is 503 when the engine is unavailable', async () => {
    engine.failures['models:status'] = new EngineError('unavailable', 'engine worker exited (code 1)');
    expect((await get('/api/models')).status).toBe(503);
  });
});
