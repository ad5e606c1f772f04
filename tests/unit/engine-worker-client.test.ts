import { promises as fsp, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AnalyzeResult, EngineStatus, EventBatch, ModelStatus } from '../../core/contract';
import type { EngineClient } from '../../core/engine/client';
import { EngineError } from '../../core/engine/errors';
import { startEngineWorker } from '../../core/engine/worker-client';

// Starting a worker compiles the engine with tsx (about 2 s on the shared machine).
const WORKER_TEST_TIMEOUT_MS = 20_000;
const MODELS_DIR = path.join(__dirname, '../../models');

describe('startEngineWorker: a running worker', () => {
  let dataDir: string;
  let client: EngineClient;

  beforeAll(async () => {
    dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-worker-'));
    client = await startEngineWorker({ dataDir, modelsDir: MODELS_DIR });
  }, WORKER_TEST_TIMEOUT_MS);

  afterAll(async () => {
    // Guarded: when the worker could not start, beforeAll has already failed every test.
    if (client !== undefined) await client.close();
    await fsp.rm(dataDir, { recursive: true, force: true });
  }, WORKER_TEST_TIMEOUT_MS);

  it('round-trips engine:status and analyze', async () => {
    const status = EngineStatus.parse(await client.call('engine:status', {}));
    expect(status.running).toBe(false);

    const { results } = await client.call('analyze', { logs: ['disk sda failed', 'user 7 logged in'] });
    expect(results.map((r) => AnalyzeResult.parse(r).template)).toEqual([
      'disk sda failed',
      'user <*> logged in',
    ]);
  });

  it('loads the shipped model inside the worker', async () => {
    const manifest = JSON.parse(readFileSync(path.join(MODELS_DIR, 'manifest.json'), 'utf8')) as {
      active: string;
    };
    const models = ModelStatus.parse(await client.call('models:status', {}));
    expect(models.error).toBeNull();
    expect(models.active?.id).toBe(manifest.active);
  });

  it('carries engine errors across the thread with their code', async () => {
    const failure = client.call('analyze', { logs: [''] });
    await expect(failure).rejects.toBeInstanceOf(EngineError);
    await expect(failure).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(client.call('nope' as 'engine:status', {})).rejects.toMatchObject({
      code: 'unknown_command',
    });
  });
});

describe('startEngineWorker: lifecycle', () => {
  let dataDir: string;
  let client: EngineClient | null = null;
  const start = async (): Promise<EngineClient> =>
    (client = await startEngineWorker({ dataDir, modelsDir: path.join(dataDir, 'no-models') }));

  beforeEach(async () => {
    dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-worker-'));
  });

  afterEach(async () => {
    await client?.close();
    client = null;
    await fsp.rm(dataDir, { recursive: true, force: true });
  }, WORKER_TEST_TIMEOUT_MS);

  it(
    'refuses calls once closed',
    async () => {
      const worker = await start();
      await worker.close();
      await expect(worker.call('engine:status', {})).rejects.toMatchObject({ code: 'unavailable' });
    },
    WORKER_TEST_TIMEOUT_MS,
  );

  it(
    'resolves every close() call when closed twice at once',
    async () => {
      const worker = await start();
      client = null; // closed here, not by afterEach
      await Promise.all([worker.close(), worker.close()]);
      await expect(worker.call('engine:status', {})).rejects.toMatchObject({ code: 'unavailable' });
    },
    WORKER_TEST_TIMEOUT_MS,
  );

  it(
    'delivers a batch to the other listeners when one listener throws on it',
    async () => {
      const worker = await start();
      let thrownOn: number | null = null;
      worker.onEvents((b) => {
        if (thrownOn !== null) return;
        thrownOn = b.seq;
        throw new Error('window gone'); // e.g. a native notification that failed
      });
      const batch = await new Promise<EventBatch>((resolve) => {
        const off = worker.onEvents((b) => {
          off();
          resolve(b);
        });
      });
      expect(EventBatch.parse(batch).seq).toBe(thrownOn);
    },
    WORKER_TEST_TIMEOUT_MS,
  );
});
