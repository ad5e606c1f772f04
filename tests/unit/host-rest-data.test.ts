/**
 * The data routes of the headless host's REST layer: analyzing logs on demand, listing and acting
 * on alerts, patterns, models and health, and how engine errors map to HTTP statuses. Runs against
 * a real listening server (tests/unit/host-rest-fixture.ts).
 */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../core/contract';
import { EngineError } from '../../core/engine/errors';
import { engineStatus } from './host-engine-double';
import { errorOf, useHostRestServer } from './host-rest-fixture';

const { engine, get, post } = useHostRestServer();

describe('POST /api/ml/analyze', () => {
  it('passes the logs in order and returns the engine results', async () => {
    const results = [
      {
        record: {
          time: 1_764_000_000_000,
          service: null,
          host: null,
          level: 'error',
          message: 'disk sda failed',
          format: 'plain',
          producer: null,
          error: null,
        },
        level: 'error',
        category: 'system',
        severity: 'error',
        templateId: 't1',
        template: 'disk <*> failed',
        scores: { severity: {}, category: {} },
      },
      {
        record: {
          time: 1_764_000_000_000,
          service: null,
          host: null,
          level: 'info',
          message: 'ok',
          format: 'json',
          producer: null,
          error: null,
        },
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

  it('refuses an unknown field, naming it, instead of ignoring it', async () => {
    const res = await post('/api/ml/analyze', { logs: ['disk sda failed'], log: ['typo'] });
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('log');
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

  it('patterns opens one pattern by templateId and refuses unknown parameters', async () => {
    engine.responses['patterns:list'] = { patterns: [] };
    expect((await get('/api/patterns?templateId=ab12')).status).toBe(200);
    expect(engine.calls[0]).toEqual({ name: 'patterns:list', request: { templateId: 'ab12' } });
    expect((await get('/api/patterns?template=ab12')).status).toBe(400);
  });

  it('a pattern lists its alerts (i18): the id from the path, percent-decoded, and a limit', async () => {
    const answer = { templateId: 'a/b', alerts: [], total: 0 };
    engine.responses['patterns:alerts'] = answer;
    const res = await get('/api/patterns/a%2Fb/alerts?limit=3');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(answer);
    expect(engine.calls[0]).toEqual({ name: 'patterns:alerts', request: { templateId: 'a/b', limit: 3 } });
    expect((await get('/api/patterns/ab12/alerts?limit=0')).status).toBe(400);
    expect((await get('/api/patterns/ab12/alerts?since=0')).status).toBe(400);
    expect(engine.calls).toHaveLength(1);
  });

  it('models returns the model status and the registry', async () => {
    const models = { active: null, error: 'no model file', shadow: null, models: [] };
    engine.responses['models:list'] = models;
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
    engine.failures['models:list'] = new EngineError('unavailable', 'engine worker exited (code 1)');
    expect((await get('/api/models')).status).toBe(503);
  });
});
