/**
 * The incident routes of the headless host's REST layer and the alert note route: how paths, query
 * strings and bodies become `incidents:*` and `alerts:act` commands, and what is refused before the
 * engine sees it. Runs against a real listening server (tests/unit/host-rest-fixture.ts).
 */
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../core/engine/errors';
import { errorOf, useHostRestServer } from './host-rest-fixture';

const { engine, get, post } = useHostRestServer();

describe('GET /api/incidents', () => {
  it('takes the alert filters, status=snoozed included', async () => {
    engine.responses['incidents:list'] = { incidents: [] };
    const res = await get('/api/incidents?level=critical&status=open,snoozed&service=sshd&limit=5');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ incidents: [] });
    expect(engine.calls).toEqual([
      {
        name: 'incidents:list',
        request: { level: ['critical'], status: ['open', 'snoozed'], service: 'sshd', limit: 5 },
      },
    ]);
  });

  it.each([
    ['an unknown status', '?status=muted'],
    ['an unknown parameter', '?host=web-1'],
  ])('refuses %s with 400 before the engine', async (_label, query) => {
    const res = await get(`/api/incidents${query}`);
    expect(res.status).toBe(400);
    expect(engine.calls).toEqual([]);
  });
});

describe('GET /api/alerts?status=snoozed', () => {
  it('is accepted (it was refused with 400 before snoozed was a status)', async () => {
    const res = await get('/api/alerts?status=snoozed');
    expect(res.status).toBe(200);
    expect(engine.calls).toEqual([{ name: 'alerts:list', request: { status: ['snoozed'] } }]);
  });
});

describe('GET /api/incidents/{id}', () => {
  it('asks for one incident, decoding the id, and refuses query parameters', async () => {
    expect((await get('/api/incidents/in%2D1')).status).toBe(200);
    expect((await get('/api/incidents/in-1?full=1')).status).toBe(400);
    expect(engine.calls).toEqual([{ name: 'incidents:get', request: { id: 'in-1' } }]);
  });

  it('is 404 for an unknown incident, with the engine message', async () => {
    engine.failures['incidents:get'] = new EngineError('not_found', 'no incident with id in-9');
    const res = await get('/api/incidents/in-9');
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toEqual({ code: 'not_found', message: 'no incident with id in-9' });
  });
});

describe('POST /api/incidents/{id}/ack|resolve|snooze|note', () => {
  it('maps each action to incidents:act', async () => {
    await post('/api/incidents/in-1/ack', {});
    await post('/api/incidents/in-1/resolve', undefined);
    await post('/api/incidents/in-1/snooze', { durationMs: 600_000 });
    await post('/api/incidents/in-1/note', { text: 'paged the network team' });
    expect(engine.calls).toEqual([
      { name: 'incidents:act', request: { id: 'in-1', action: 'ack' } },
      { name: 'incidents:act', request: { id: 'in-1', action: 'resolve' } },
      { name: 'incidents:act', request: { id: 'in-1', action: 'snooze', durationMs: 600_000 } },
      { name: 'incidents:act', request: { id: 'in-1', action: 'note', text: 'paged the network team' } },
    ]);
  });

  it.each([
    ['a note without text', 'note', {}],
    ['an empty note', 'note', { text: '   ' }],
    ['a note that is not text', 'note', { text: 42 }],
    ['a note far too long', 'note', { text: 'x'.repeat(2001) }],
    ['a note that names who wrote it', 'note', { text: 'hi', who: 'admin' }],
    ['an ack with a body field', 'ack', { who: 'admin' }],
    ['a snooze without a duration', 'snooze', {}],
  ])('refuses %s with 400', async (_label, action, body) => {
    const res = await post(`/api/incidents/in-1/${action}`, body);
    expect(res.status).toBe(400);
    expect(engine.calls).toEqual([]);
  });

  it('is 409 when the incident is resolved and cannot be acknowledged', async () => {
    engine.failures['incidents:act'] = new EngineError('conflict', 'incident in-1 is resolved');
    const res = await post('/api/incidents/in-1/ack', {});
    expect(res.status).toBe(409);
  });
});

describe('POST /api/alerts/{id}/note', () => {
  it('maps to alerts:act with the text, and never takes who from the request', async () => {
    await post('/api/alerts/a1/note', { text: 'false positive: a scanner we run' });
    expect(engine.calls).toEqual([
      { name: 'alerts:act', request: { id: 'a1', action: 'note', text: 'false positive: a scanner we run' } },
    ]);
    expect((await post('/api/alerts/a1/note', { text: 'x', who: 'someone-else' })).status).toBe(400);
  });
});
