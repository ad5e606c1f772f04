/**
 * The issue-18 REST routes: `GET /api/alerts/{id}/context` and `GET /api/topics/{topic}/messages`,
 * their query strings (defaults, limits, ISO times, unknown parameters) and their error statuses.
 * Runs against a real listening server in front of a recording engine (host-rest-fixture.ts); the
 * reads themselves are tested against the real broker in tests/integration/kafka-context.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../core/engine/errors';
import { parseIsoTime } from '../../core/host/context-query';
import { errorOf, useHostRestServer } from './host-rest-fixture';

const { engine, get } = useHostRestServer();

describe('GET /api/alerts/{id}/context', () => {
  it('defaults to 50 before and 50 after the latest sample, and passes what is given', async () => {
    await get('/api/alerts/al-1/context');
    await get('/api/alerts/al%2F2/context?before=0&after=500&sample=3');
    expect(engine.calls).toEqual([
      { name: 'alerts:context', request: { id: 'al-1', before: 50, after: 50 } },
      { name: 'alerts:context', request: { id: 'al/2', before: 0, after: 500, sample: 3 } },
    ]);
  });

  it('refuses more than 500 on a side, non-integers and unknown parameters, naming them', async () => {
    for (const [query, named] of [
      ['before=501', 'before'],
      ['after=-1', 'after'],
      ['sample=x', 'sample'],
      ['around=5', 'around'],
    ] as const) {
      const res = await get(`/api/alerts/al-1/context?${query}`);
      expect(res.status, query).toBe(400);
      expect((await errorOf(res)).message, query).toContain(named);
    }
    expect(engine.calls).toEqual([]);
  });

  it('maps a missing alert to 404 and a missing broker to 503, with the engine message', async () => {
    engine.failures['alerts:context'] = new EngineError('not_found', 'no alert with id al-9');
    const missing = await get('/api/alerts/al-9/context');
    expect([missing.status, (await errorOf(missing)).message]).toEqual([404, 'no alert with id al-9']);
    engine.failures['alerts:context'] = new EngineError('unavailable', 'no log store to read context from');
    expect((await get('/api/alerts/al-9/context')).status).toBe(503);
  });
});

describe('GET /api/topics/{topic}/messages', () => {
  it('turns an ISO time into epoch ms and defaults the limit to 100', async () => {
    await get('/api/topics/logs/messages?at=2026-12-05T02:00:00.250Z');
    await get('/api/topics/logs/messages?at=2026-12-05T03:00:00%2B01:00&limit=5');
    await get('/api/topics/app.logs/messages?partition=2&offset=1234567890123&limit=500');
    expect(engine.calls).toEqual([
      {
        name: 'topics:messages',
        request: { topic: 'logs', at: Date.UTC(2026, 11, 5, 2, 0, 0, 250), limit: 100 },
      },
      { name: 'topics:messages', request: { topic: 'logs', at: Date.UTC(2026, 11, 5, 2), limit: 5 } },
      {
        name: 'topics:messages',
        request: { topic: 'app.logs', partition: 2, offset: '1234567890123', limit: 500 },
      },
    ]);
  });

  it('refuses a bad time, a half position, both kinds of start, and limits past 500', async () => {
    for (const query of [
      'at=yesterday',
      'at=2026-13-05T02:00:00Z',
      'at=1764900000000',
      'partition=1',
      'offset=5',
      'at=2026-12-05T02:00:00Z&partition=0&offset=0',
      '',
      'at=2026-12-05T02:00:00Z&limit=501',
      'partition=0&offset=-1',
      'at=2026-12-05T02:00:00Z&from=1',
    ]) {
      const res = await get(`/api/topics/logs/messages?${query}`);
      expect(res.status, query).toBe(400);
    }
    expect((await get('/api/topics/bad%20topic/messages?at=2026-12-05T02:00:00Z')).status).toBe(400);
    expect(engine.calls).toEqual([]);
  });
});

describe('parseIsoTime', () => {
  it('reads a date and time with a zone, or as UTC without one, and nothing else', () => {
    expect(parseIsoTime('2026-12-05T02:00:00Z')).toBe(Date.UTC(2026, 11, 5, 2));
    expect(parseIsoTime('2026-12-05T02:00')).toBe(Date.UTC(2026, 11, 5, 2));
    expect(parseIsoTime('2026-12-05T02:00:00-0130')).toBe(Date.UTC(2026, 11, 5, 3, 30));
    expect(parseIsoTime('2026-12-05')).toBeNull();
    expect(parseIsoTime('2026-02-30T00:00:00Z')).toBeNull();
    expect(parseIsoTime('Sat Dec 05 2026')).toBeNull();
  });
});
