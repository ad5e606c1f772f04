/**
 * Who may reach the real headless host (a child process running the demo, see
 * security-host-fixture.ts): every API route refuses a missing or wrong token, and so does the
 * WebSocket upgrade; DNS-rebinding Hosts and foreign WebSocket Origins are refused, and no response
 * grants cross-origin access. All traffic goes to 127.0.0.1. Figures are printed as one JSON line.
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { httpProbe, rawExchange, upgradeStatus } from '../security/support/http-probe';
import { TOKEN, bearer, expectJsonError, good, useDemoHost } from './security-host-fixture';

const { host, figures } = useDemoHost('auth');

interface RouteCase {
  method: string;
  path: string;
  body?: string;
}

/** Every route of the REST API (core/host/README.md), plus a path that is not one. */
const ROUTES: RouteCase[] = [
  { method: 'GET', path: '/api/ml/real_time' },
  { method: 'POST', path: '/api/ml/real_time', body: '{"operation":"status"}' },
  { method: 'POST', path: '/api/ml/real_time', body: '{"operation":"stop"}' },
  { method: 'POST', path: '/api/ml/analyze', body: '{"logs":["hello"]}' },
  { method: 'GET', path: '/api/alerts' },
  { method: 'POST', path: '/api/alerts/x/ack', body: '{}' },
  { method: 'POST', path: '/api/alerts/x/resolve', body: '{}' },
  { method: 'POST', path: '/api/alerts/x/snooze', body: '{"durationMs":60000}' },
  { method: 'GET', path: '/api/patterns' },
  { method: 'GET', path: '/api/models' },
  { method: 'GET', path: '/api/health' },
  { method: 'GET', path: '/api/ws' },
  { method: 'GET', path: '/api/no-such-route' },
  { method: 'DELETE', path: '/api/alerts' },
];

/** Ways of presenting no token or the wrong one. */
const BAD_CREDENTIALS: { name: string; headers: Record<string, string>; query?: string }[] = [
  { name: 'no Authorization header', headers: {} },
  { name: 'a wrong bearer token', headers: bearer('wrong-token-0123456789abcdef') },
  { name: 'the token with one character more', headers: bearer(`${TOKEN}x`) },
  { name: 'a prefix of the token', headers: bearer(TOKEN.slice(0, -1)) },
  { name: 'the token upper-cased', headers: bearer(TOKEN.toUpperCase()) },
  { name: 'the token as Basic credentials', headers: { Authorization: `Basic ${TOKEN}` } },
  { name: 'the bare token without a scheme', headers: { Authorization: TOKEN } },
  { name: 'an empty bearer', headers: { Authorization: 'Bearer ' } },
  { name: 'the token as a query parameter (WebSocket only)', headers: {}, query: `token=${TOKEN}` },
];

describe('authentication', () => {
  it('answers 401 unauthorized on every API route without the right token', async () => {
    let refused = 0;
    for (const route of ROUTES) {
      for (const credentials of BAD_CREDENTIALS) {
        const path = credentials.query ? `${route.path}?${credentials.query}` : route.path;
        const res = await httpProbe(host.port, {
          method: route.method,
          path,
          headers: { ...credentials.headers, 'Content-Type': 'application/json' },
          ...(route.body !== undefined ? { body: route.body } : {}),
        });
        expect([route.method, path, credentials.name, res.status]).toEqual([
          route.method,
          path,
          credentials.name,
          401,
        ]);
        expectJsonError(res, 401, 'unauthorized');
        expect(res.headers['www-authenticate']).toBe('Bearer');
        refused++;
      }
    }
    figures.unauthorizedRefusals = refused;
  });

  it('serves the same routes with the right token (so the 401s above are the token, not the route)', async () => {
    const statuses: Record<string, number> = {};
    // Everything but the stop operation, which would stop the demo this file's host runs.
    for (const route of ROUTES.filter((r) => r.body !== '{"operation":"stop"}')) {
      const res = await httpProbe(host.port, {
        method: route.method,
        path: route.path,
        headers: good(),
        ...(route.body !== undefined ? { body: route.body } : {}),
      });
      statuses[`${route.method} ${route.path}`] = res.status;
      expect(res.status).not.toBe(401);
    }
    expect(statuses['GET /api/ml/real_time']).toBe(200);
    expect(statuses['POST /api/ml/analyze']).toBe(200);
    expect(statuses['POST /api/alerts/x/ack']).toBe(404); // authorized, but there is no alert "x"
    expect(statuses['GET /api/ws']).toBe(426);
    expect(statuses['GET /api/no-such-route']).toBe(404);
    expect(statuses['DELETE /api/alerts']).toBe(405);
  });

  it('refuses the WebSocket upgrade without the right token', async () => {
    const refusals = [
      await upgradeStatus(host.port, '/api/ws'),
      await upgradeStatus(host.port, '/api/ws?token=wrong-token-0123456789abcdef'),
      await upgradeStatus(host.port, `/api/ws?token=${TOKEN}&token=${TOKEN}`),
      await upgradeStatus(host.port, '/api/ws', bearer(TOKEN)), // header tokens are for REST only
    ];
    for (const res of refusals) {
      expectJsonError(res, 401, 'unauthorized');
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
    expect((await upgradeStatus(host.port, `/api/ws?token=${TOKEN}`)).status).toBe(101);
  });

  it('closes a console-page socket with a wrong token with 4401, before sending it anything', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/ws?token=wrong-token-0123456789abcdef`, {
      headers: { Origin: host.origin },
    });
    let messages = 0;
    ws.on('message', () => messages++);
    const code = await new Promise<number>((resolve, reject) => {
      ws.once('close', (closeCode) => resolve(closeCode));
      ws.once('error', reject);
    });
    expect(code).toBe(4401);
    expect(messages).toBe(0);
  });
});

describe('DNS rebinding and cross-origin pages', () => {
  it('refuses requests whose Host is not a loopback name, even with the right token', async () => {
    for (const hostHeader of [
      `evil.example:${host.port}`,
      'evil.example',
      `127.0.0.1.nip.io:${host.port}`,
      `localhost.evil.example:${host.port}`,
      '2130706433', // 127.0.0.1 as one number: browsers would resolve it, the host does not
    ]) {
      const api = await httpProbe(host.port, {
        path: '/api/ml/real_time',
        headers: { ...good(), Host: hostHeader },
      });
      expectJsonError(api, 403, 'forbidden_host');
      const page = await httpProbe(host.port, { path: '/', headers: { Host: hostHeader } });
      expect(page.status).toBe(403);
      const ws = await upgradeStatus(host.port, `/api/ws?token=${TOKEN}`, { Host: hostHeader });
      expectJsonError(ws, 403, 'forbidden_host');
    }
    // Node's own client fills in an empty Host, so the empty and missing cases go as raw bytes.
    const request = (hostLine: string, version: string) =>
      `GET /api/ml/real_time HTTP/${version}\r\n${hostLine}Authorization: Bearer ${TOKEN}\r\nConnection: close\r\n\r\n`;
    expect(await rawExchange(host.port, request('Host: \r\n', '1.1'))).toBe('HTTP/1.1 403 Forbidden');
    expect(await rawExchange(host.port, request('', '1.0'))).toBe('HTTP/1.1 403 Forbidden');
    expect(await rawExchange(host.port, request('', '1.1'))).toBe('HTTP/1.1 400 Bad Request');
  });

  it('refuses WebSocket upgrades from any Origin but the console page itself', async () => {
    const foreign = [
      'http://evil.example',
      `http://evil.example:${host.port}`,
      `http://127.0.0.1:${host.port + 1}`,
      `https://127.0.0.1:${host.port}`,
      'null',
    ];
    for (const origin of foreign) {
      const res = await upgradeStatus(host.port, `/api/ws?token=${TOKEN}`, { Origin: origin });
      expectJsonError(res, 403, 'forbidden_origin');
    }
    expect((await upgradeStatus(host.port, `/api/ws?token=${TOKEN}`, { Origin: host.origin })).status).toBe(
      101,
    );
  });

  it('grants no cross-origin access: no CORS headers, a preflight is refused', async () => {
    const preflight = await httpProbe(host.port, {
      method: 'OPTIONS',
      path: '/api/ml/real_time',
      headers: {
        Origin: 'http://evil.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization',
      },
    });
    expect(preflight.status).toBeGreaterThanOrEqual(400);
    const withToken = await httpProbe(host.port, {
      path: '/api/ml/real_time',
      headers: { ...good(), Origin: 'http://evil.example' },
    });
    for (const res of [preflight, withToken]) {
      expect(Object.keys(res.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    }
    expect(withToken.headers['content-security-policy']).toContain("default-src 'none'");
    expect(withToken.headers['x-content-type-options']).toBe('nosniff');
    const page = await httpProbe(host.port, { path: '/' });
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
  });
});
