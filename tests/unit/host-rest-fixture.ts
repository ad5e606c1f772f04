/**
 * Shared setup of the REST tests of the headless host (tests/unit/host-rest-*.test.ts): a real
 * listening server on an ephemeral port, in front of a recording engine double, plus the request
 * helpers the tests send through it.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startHostServer, type HostServer } from '../../core/host/server';
import { RecordingEngine } from './host-engine-double';

export const TOKEN = 'test-token-0123456789abcdef';

export const auth = { Authorization: `Bearer ${TOKEN}` };

/** Every REST route with a body it accepts, plus the WebSocket path and a path that is no route. */
export const ROUTES: { method: 'GET' | 'POST'; path: string; body?: unknown }[] = [
  { method: 'GET', path: '/api/ml/real_time' },
  { method: 'POST', path: '/api/ml/real_time', body: { operation: 'status' } },
  { method: 'POST', path: '/api/ml/analyze', body: { logs: ['x'] } },
  { method: 'GET', path: '/api/alerts' },
  { method: 'POST', path: '/api/alerts/a1/ack', body: {} },
  { method: 'POST', path: '/api/alerts/a1/resolve', body: {} },
  { method: 'POST', path: '/api/alerts/a1/snooze', body: { durationMs: 1000 } },
  { method: 'POST', path: '/api/alerts/a1/note', body: { text: 'n' } },
  { method: 'GET', path: '/api/incidents' },
  { method: 'GET', path: '/api/incidents/in-1' },
  { method: 'POST', path: '/api/incidents/in-1/ack', body: {} },
  { method: 'POST', path: '/api/incidents/in-1/resolve', body: {} },
  { method: 'POST', path: '/api/incidents/in-1/snooze', body: { durationMs: 1000 } },
  { method: 'POST', path: '/api/incidents/in-1/note', body: { text: 'n' } },
  { method: 'GET', path: '/api/patterns' },
  { method: 'GET', path: '/api/models' },
  { method: 'GET', path: '/api/health' },
  { method: 'GET', path: '/api/alerts/a1/context' },
  { method: 'GET', path: '/api/topics/logs/messages?at=2026-12-05T02:00:00Z' },
  { method: 'GET', path: '/api/experiments' },
  { method: 'POST', path: '/api/experiments', body: { arms: ['a', 'b'], split: {} } },
  { method: 'GET', path: '/api/experiments/ex-1' },
  { method: 'POST', path: '/api/experiments/ex-1/promote', body: {} },
  { method: 'POST', path: '/api/experiments/ex-1/stop', body: {} },
  { method: 'POST', path: '/api/experiments/ex-1/rollback', body: {} },
  { method: 'POST', path: '/api/alerts/a1/verdict', body: { verdict: 'noise' } },
  { method: 'GET', path: '/api/fleet' },
  { method: 'GET', path: '/api/ws' },
  { method: 'GET', path: '/api/no-such-route' },
];

export async function errorOf(res: Response): Promise<{ code: string; message: string }> {
  const body = (await res.json()) as { error: { code: string; message: string } };
  return body.error;
}

export interface HostRestServer {
  /** The engine behind the server; its calls, responses and failures are reset before each test. */
  readonly engine: RecordingEngine;
  /** `http://127.0.0.1:PORT`; only inside a test or hook, since the server starts in `beforeAll`. */
  readonly origin: () => string;
  readonly port: () => number;
  readonly post: (path: string, body: unknown, headers?: Record<string, string>) => Promise<Response>;
  readonly get: (path: string, headers?: Record<string, string>) => Promise<Response>;
  /** A raw request, for what fetch refuses to send (a forged Host header). */
  readonly rawRequest: (
    path: string,
    headers: Record<string, string>,
  ) => Promise<{ status: number; body: string }>;
}

/**
 * Registers the hooks that start one host server for the calling test file (closed after it) and
 * reset the engine double before each test, and returns the accessors the tests use.
 */
export function useHostRestServer(): HostRestServer {
  const engine = new RecordingEngine();
  let server: HostServer | undefined;

  beforeAll(async () => {
    server = await startHostServer({
      engine,
      token: TOKEN,
      host: '127.0.0.1',
      port: 0,
      rendererDir: '/nonexistent-vigil-renderer',
      log: () => {},
    });
  });
  afterAll(() => server?.close());
  beforeEach(() => {
    engine.calls = [];
    engine.responses = {};
    engine.failures = {};
  });

  const started = (): HostServer => {
    if (server === undefined) throw new Error('the host server starts in beforeAll: use it inside a test');
    return server;
  };
  const origin = (): string => started().origin;

  return {
    engine,
    origin,
    port: () => started().port,
    post: (path, body, headers = auth) => {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      return fetch(origin() + path, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: text,
      });
    },
    get: (path, headers = auth) => fetch(origin() + path, { headers }),
    rawRequest: (path, headers) =>
      new Promise((resolve, reject) => {
        const req = httpRequest(`${origin()}${path}`, { headers, setHost: false }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
        });
        req.on('error', reject);
        req.end();
      }),
  };
}
