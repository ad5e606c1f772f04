/**
 * Who may reach the REST layer of the headless host, and how it copes with requests that are not
 * well-formed API calls: the bearer token on every route, DNS-rebinding Hosts, security headers,
 * unknown routes and methods, the bound on concurrent POSTs, and bytes that are not HTTP. Runs
 * against a real listening server (tests/unit/host-rest-fixture.ts).
 */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { CommandName } from '../../core/contract';
import { startHostServer } from '../../core/host/server';
import { RecordingEngine } from './host-engine-double';
import { ROUTES, TOKEN, auth, errorOf, useHostRestServer } from './host-rest-fixture';

const { engine, origin, port, get, post, rawRequest } = useHostRestServer();

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
    expect((await rawRequest('/api/health', { Host: `localhost:${port()}`, ...auth })).status).toBe(200);
    expect((await rawRequest('/api/health', { Host: `127.0.0.1:${port()}`, ...auth })).status).toBe(200);
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

describe('routing', () => {
  it('is 404 for an unknown API route (with the token)', async () => {
    const res = await get('/api/nope');
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe('not_found');
  });

  it('is 405 with Allow for a wrong method', async () => {
    const res = await fetch(`${origin()}/api/ml/analyze`, { headers: auth });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    const del = await fetch(`${origin()}/api/alerts`, { method: 'DELETE', headers: auth });
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
      const socket = connect({ host: '127.0.0.1', port: port() }, () =>
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
      Host: `127.0.0.1:${port()}`,
      ...auth,
      'X-Filler': 'x'.repeat(64 * 1024),
    });
    expect(res.status).toBe(431);
    expect((await get('/api/health')).status).toBe(200);
  });
});
