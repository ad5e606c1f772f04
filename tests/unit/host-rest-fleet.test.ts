/**
 * Issue 19 (fleet): `GET /api/fleet` answers `fleet:status`, and the engine answers it with
 * `{ role: 'standalone' }` when it runs no cluster role (the cluster case runs against the real
 * broker: tests/integration/cluster-fleet.test.ts and tests/e2e/cluster-consoles.spec.ts).
 */
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../core/engine/create';
import { dispatch } from '../../core/engine/dispatch';
import { emptyFleet } from './fleet-fixtures';
import { errorOf, useHostRestServer } from './host-rest-fixture';

const { engine, get } = useHostRestServer();

const clusterFleet = emptyFleet('console', 1_000);

describe('GET /api/fleet', () => {
  it('answers with the engine’s fleet:status', async () => {
    engine.responses['fleet:status'] = clusterFleet;
    const res = await get('/api/fleet');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(clusterFleet);
    expect(engine.calls).toEqual([{ name: 'fleet:status', request: {} }]);
  });

  it('refuses query parameters it does not know, without calling the engine', async () => {
    const res = await get('/api/fleet?verbose=1');
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toContain('verbose');
    expect(engine.calls).toEqual([]);
  });
});

describe('fleet:status in the engine', () => {
  it('is { role: "standalone" } in a standalone engine, and refuses unknown keys', async () => {
    const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-fleet-'));
    const client = await createEngine({ dataDir, modelsDir: path.join(dataDir, 'no-models') });
    try {
      expect(await dispatch(client.engine, 'fleet:status', {})).toEqual({ role: 'standalone' });
      await expect(dispatch(client.engine, 'fleet:status', { all: true })).rejects.toMatchObject({
        code: 'invalid_request',
      });
    } finally {
      await client.close();
      await fsp.rm(dataDir, { recursive: true, force: true });
    }
  });
});
