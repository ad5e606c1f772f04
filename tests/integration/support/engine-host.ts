/**
 * The real engine (createEngine, as `vigil serve` builds it) behind the headless host's server, both
 * in this process, on a free port with no UI: for the integration tests that drive the engine over
 * REST. Started before the file's tests and closed after them, its data folder deleted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { EngineClient } from '../../../core/engine/client';
import { createEngine, type CreateEngineOptions } from '../../../core/engine/create';
import { startHostServer, type HostServer } from '../../../core/host/server';

export interface EngineHost {
  /** The engine's data folder (a fresh temporary one). */
  readonly dataDir: string;
  /** One authenticated REST call (`path` from the root, e.g. `/api/ml/real_time`): status and JSON body. */
  request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

/** Call at the top of a test file: registers the start and the clean-up. */
export function useEngineHost(
  prefix: string,
  options: Omit<CreateEngineOptions, 'dataDir'> = {},
): EngineHost {
  const dataDir = mkdtempSync(join(tmpdir(), `vigil-${prefix}-`));
  const token = `${prefix}-it-${Date.now().toString(36)}-0123456789`;
  let engine: EngineClient | null = null;
  let server: HostServer | null = null;
  beforeAll(async () => {
    engine = await createEngine({ ...options, dataDir });
    server = await startHostServer({
      engine,
      token,
      host: '127.0.0.1',
      port: 0,
      rendererDir: join(dataDir, 'no-ui'),
    });
  });
  afterAll(async () => {
    await server?.close();
    await engine?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    dataDir,
    async request(method, path, body) {
      if (server === null) throw new Error('the host has not started');
      const res = await fetch(`${server.origin}${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: await res.json() };
    },
  };
}
