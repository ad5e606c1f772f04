/**
 * The REST routes of A/B model testing: the registry, experiments and verdicts map to their engine
 * commands; bodies are validated before the engine sees them.
 */
import { describe, expect, it } from 'vitest';
import { errorOf, useHostRestServer } from './host-rest-fixture';

const { engine, get, post } = useHostRestServer();

describe('experiments over REST', () => {
  it('POST /api/experiments creates an experiment with its arms, split and auto-promotion settings', async () => {
    engine.responses['experiments:create'] = { id: 'ex-1' };
    const body = {
      arms: ['vigil-loghub-tfidf', 'user/v2'],
      split: { by: 'service', weights: [80, 20] },
      auto: { enabled: true, minVerdicts: 50 },
    };
    const res = await post('/api/experiments', body);
    expect(res.status).toBe(200);
    expect(engine.calls).toHaveLength(1);
    expect(engine.calls[0]!.name).toBe('experiments:create');
    // Defaults are filled in by the contract before the engine sees the request.
    expect(engine.calls[0]!.request).toMatchObject({
      arms: body.arms,
      split: { by: 'service', weights: [80, 20] },
      shadow: true,
      auto: { enabled: true, minVerdicts: 50, significance: 0.05, watchMs: 300_000 },
    });
  });

  it.each([
    ['one arm', { arms: ['a'], split: {} }],
    ['an unknown split', { arms: ['a', 'b'], split: { by: 'user' } }],
    ['a typo in the settings', { arms: ['a', 'b'], split: {}, auto: { enabeld: true } }],
    ['a significance of 0.7', { arms: ['a', 'b'], split: {}, auto: { significance: 0.7 } }],
  ])('refuses %s with 400, without calling the engine', async (_label, body) => {
    const res = await post('/api/experiments', body);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('invalid_request');
    expect(engine.calls).toEqual([]);
  });

  it('GET /api/experiments and /api/experiments/{id} read the live comparison', async () => {
    await get('/api/experiments');
    await get('/api/experiments/ex-abc-1');
    expect(engine.calls).toEqual([
      { name: 'experiments:list', request: {} },
      { name: 'experiments:get', request: { id: 'ex-abc-1' } },
    ]);
  });

  it('promote, stop and rollback map to experiments:act; promote may name the arm', async () => {
    await post('/api/experiments/ex-1/promote', { arm: 'user/v2' });
    await post('/api/experiments/ex-1/promote', {});
    await post('/api/experiments/ex-1/stop', {});
    await post('/api/experiments/ex-1/rollback', {});
    expect(engine.calls.map((c) => c.request)).toEqual([
      { id: 'ex-1', action: 'promote', arm: 'user/v2' },
      { id: 'ex-1', action: 'promote' },
      { id: 'ex-1', action: 'stop' },
      { id: 'ex-1', action: 'rollback' },
    ]);
    const res = await post('/api/experiments/ex-1/stop', { arm: 'x' });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toBe('stop takes no body fields');
  });

  it('an engine conflict (nothing to roll back) is a 409 with its message', async () => {
    const { EngineError } = await import('../../core/engine/errors');
    engine.failures['experiments:act'] = new EngineError('conflict', 'there is no promotion to roll back');
    const res = await post('/api/experiments/ex-1/rollback', {});
    expect(res.status).toBe(409);
    expect((await errorOf(res)).message).toBe('there is no promotion to roll back');
  });

  it('POST /api/alerts/{id}/verdict takes "useful" or "noise" only', async () => {
    expect((await post('/api/alerts/al-1/verdict', { verdict: 'noise' })).status).toBe(200);
    expect(engine.calls).toEqual([{ name: 'alerts:verdict', request: { id: 'al-1', verdict: 'noise' } }]);
    for (const body of [{}, { verdict: 'bad' }, { verdict: 'noise', who: 'mallory' }]) {
      const res = await post('/api/alerts/al-1/verdict', body);
      expect(res.status).toBe(400);
    }
    expect(engine.calls).toHaveLength(1);
  });
});
