import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnalyzeResult, EngineStatus, LIMITS, ModelStatus } from '../../core/contract';
import { createEngine } from '../../core/engine/create';
import { dispatch } from '../../core/engine/dispatch';
import { Engine } from '../../core/engine/engine';
import { EngineError } from '../../core/engine/errors';
import { FakeModelPort } from './engine-fake-model-port';
import { FakeLogSource } from './engine-fake-source';

let dataDir: string;
let client: Awaited<ReturnType<typeof createEngine>> | null = null;
let engine: Engine;
let source: FakeLogSource;

beforeEach(async () => {
  dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-dispatch-'));
  source = new FakeLogSource();
  client = await createEngine({
    dataDir,
    modelsDir: path.join(dataDir, 'no-models'),
    engine: { createSource: () => source, tickMs: 3_600_000, eventIntervalMs: 3_600_000 },
  });
  engine = client.engine;
});

afterEach(async () => {
  await client?.close();
  client = null;
  await fsp.rm(dataDir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<EngineError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EngineError);
  return error as EngineError;
}

describe('dispatch', () => {
  it('rejects an unknown command with unknown_command', async () => {
    const error = await rejection(dispatch(engine, 'engine:explode', {}));
    expect(error.code).toBe('unknown_command');
    expect(error.message).toContain('engine:explode');
  });

  it('does not let a prototype key pass as a command', async () => {
    expect((await rejection(dispatch(engine, 'constructor', {}))).code).toBe('unknown_command');
    expect((await rejection(dispatch(engine, '__proto__', {}))).code).toBe('unknown_command');
  });

  it('refuses host commands: settings belong to the host', async () => {
    expect((await rejection(dispatch(engine, 'settings:get', {}))).code).toBe('unknown_command');
    expect((await rejection(dispatch(engine, 'settings:set', {}))).code).toBe('unknown_command');
  });

  it.each<[string, unknown, string]>([
    ['engine:start', { source: 'ftp' }, 'source'],
    ['engine:start', { source: 'kafka', kafka: { brokers: ['no-port'] } }, 'kafka.brokers.0'],
    ['engine:status', { extra: true }, 'request'],
    ['alerts:list', { limit: -1 }, 'limit'],
    ['alerts:act', { id: 'a', action: 'delete' }, 'action'],
    ['patterns:list', { limit: 'all' }, 'limit'],
    ['analyze', { logs: [] }, 'logs'],
    ['analyze', 'not an object', 'request'],
  ])('rejects an invalid %s request with invalid_request', async (name, request, where) => {
    const error = await rejection(dispatch(engine, name, request));
    expect(error.code).toBe('invalid_request');
    expect(error.message.startsWith(`${where}:`)).toBe(true);
  });

  it('rejects an analyze request with too many logs or a too long log', async () => {
    const many = Array<string>(LIMITS.analyzeMaxLogs + 1).fill('x');
    expect((await rejection(dispatch(engine, 'analyze', { logs: many }))).code).toBe('invalid_request');
    const long = 'y'.repeat(LIMITS.analyzeMaxLogBytes + 1);
    expect((await rejection(dispatch(engine, 'analyze', { logs: [long] }))).code).toBe('invalid_request');
  });

  it('treats a missing request as an empty one', async () => {
    const status = EngineStatus.parse(await dispatch(engine, 'engine:status', undefined));
    expect(status.running).toBe(false);
  });

  it('answers status, start and stop with contract-valid statuses', async () => {
    const started = EngineStatus.parse(await dispatch(engine, 'engine:start', { source: 'demo' }));
    expect(started).toMatchObject({ running: true, source: 'demo' });
    // The request's defaults were applied by the schema before reaching the engine.
    expect(started.config).toEqual({ source: 'demo', demo: { rate: 200, incidents: true } });
    const stopped = EngineStatus.parse(await dispatch(engine, 'engine:stop', {}));
    expect(stopped.running).toBe(false);
  });

  it('maps alert actions on an unknown alert to not_found', async () => {
    const error = await rejection(dispatch(engine, 'alerts:act', { id: 'missing', action: 'ack' }));
    expect(error.code).toBe('not_found');
  });

  it('acknowledges an alert raised by processed logs', async () => {
    await dispatch(engine, 'engine:start', { source: 'demo' });
    await source.deliver(
      source.messages(
        Array<string>(20).fill('Failed password for invalid user admin from 10.0.0.1 port 22 ssh2'),
      ),
    );
    const { alerts } = (await dispatch(engine, 'alerts:list', { trigger: ['security'] })) as {
      alerts: Array<{ id: string }>;
    };
    expect(alerts.length).toBeGreaterThan(0);
    const acked = (await dispatch(engine, 'alerts:act', { id: alerts[0]!.id, action: 'ack' })) as {
      status: string;
    };
    expect(acked.status).toBe('acknowledged');
  });

  it('reports the model status, with the reason when no model could be loaded', async () => {
    const status = ModelStatus.parse(await dispatch(engine, 'models:status', {}));
    expect(status.active).toBeNull();
    expect(status.error).toBeTruthy();
  });

  it('routes model actions to the model port and passes its refusals on with their code', async () => {
    const models = new FakeModelPort();
    const other = await Engine.open({
      dataDir: path.join(dataDir, 'other'),
      models,
      createSource: () => source,
      tickMs: 3_600_000,
      eventIntervalMs: 3_600_000,
    });
    try {
      expect(ModelStatus.parse(await dispatch(other, 'models:shadow', { id: 'candidate-2' })).error).toBe(
        'after shadow:candidate-2',
      );
      await dispatch(other, 'models:promote', {});
      await dispatch(other, 'models:discard', {});
      expect(models.actions).toEqual(['shadow:candidate-2', 'promote', 'discard']);

      models.refuseActions = new EngineError('conflict', 'no shadow candidate to promote');
      const error = await rejection(dispatch(other, 'models:promote', {}));
      expect(error.code).toBe('conflict');
      expect(error.message).toBe('no shadow candidate to promote');
    } finally {
      await other.close();
    }
  });
});

describe('analyze', () => {
  it('returns one result per log, in input order', async () => {
    const logs = [
      'disk sda failed',
      { level: 'warn', message: 'queue 3 is slow' },
      '{"level":"info","msg":"user 1 logged in"}',
      'user 2 logged in',
    ];
    const { results } = (await client!.call('analyze', { logs })) as { results: unknown[] };
    expect(results).toHaveLength(4);
    const parsed = results.map((r) => AnalyzeResult.parse(r));
    expect(parsed.map((r) => r.template)).toEqual([
      'disk sda failed',
      'queue <*> is slow',
      'user <*> logged in',
      'user <*> logged in',
    ]);
    expect(parsed.map((r) => r.level)).toEqual([null, 'warn', 'info', null]);
    expect(parsed[1]!.severity).toBe('warning');
    expect(parsed[2]!.templateId).toBe(parsed[3]!.templateId);
  });

  it('rejects an empty log with invalid_request naming its index', async () => {
    const error = await rejection(dispatch(engine, 'analyze', { logs: ['fine', 'also fine', ''] }));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('logs[2]');
  });

  it('rejects an object log with nothing in it, naming its index', async () => {
    const error = await rejection(dispatch(engine, 'analyze', { logs: [{}] }));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('logs[0]');
  });
});

describe('createEngine', () => {
  it('answers through the EngineClient interface', async () => {
    const status = EngineStatus.parse(await client!.call('engine:status', {}));
    expect(status.running).toBe(false);
    await expect(client!.call('alerts:act', { id: 'nope', action: 'resolve' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
