/**
 * Hostile requests against the real headless host (`npm run serve -- --demo`, a child process with
 * the real engine running the demo): every API route refuses a missing or wrong token; DNS-rebinding
 * Hosts and foreign WebSocket Origins are refused; malformed, oversized and mistyped requests get a
 * 4xx JSON error; the host listens on loopback only; and a burst of 10,000 bad requests leaves it
 * serving good ones. All traffic goes to 127.0.0.1, except one connection attempt to this machine's
 * own non-loopback address to show that it is refused. Figures are printed as one JSON line.
 */
import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LIMITS } from '../../core/contract';
import { spawnHost, runHostExpectingRefusal, type HostChild } from '../security/support/host-child';
import {
  httpProbe,
  rawExchange,
  sendOversized,
  tryConnect,
  upgradeStatus,
  type ProbeResponse,
} from '../security/support/http-probe';
import { BAD_REQUESTS } from '../security/support/bad-requests';
import { listeningAddresses, nonLoopbackAddresses } from '../security/support/listening-sockets';

const TOKEN = `security-host-${Date.now().toString(36)}-0123456789abcdef`;
const figures: Record<string, unknown> = { test: 'security-host' };
let host: HostChild;

beforeAll(async () => {
  host = await spawnHost(TOKEN, ['--demo']);
});

afterAll(async () => {
  console.log(JSON.stringify(figures));
  await host?.dispose();
});

const bearer = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });
const good = (): Record<string, string> => ({ ...bearer(TOKEN), 'Content-Type': 'application/json' });

/** The contract's error shape, with no stack trace leaking into the message. */
function expectJsonError(res: ProbeResponse, status: number, code?: string): void {
  expect(res.status, res.text.slice(0, 300)).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json as { error?: { code?: unknown; message?: unknown } };
  expect(typeof body?.error?.code).toBe('string');
  expect(typeof body?.error?.message).toBe('string');
  if (code !== undefined) expect(body.error!.code).toBe(code);
  expect(String(body.error!.message)).not.toMatch(/\n\s+at |node:internal|\/core\//);
}

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
    // Everything but the stop operation, which would stop the demo the burst test relies on.
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

describe('malformed, mistyped and oversized requests', () => {
  it('answer a 4xx JSON error naming what is wrong', async () => {
    for (const bad of BAD_REQUESTS) {
      const res = await httpProbe(host.port, {
        method: bad.method,
        path: bad.path,
        headers: good(),
        ...(bad.body !== undefined ? { body: bad.body } : {}),
      });
      expect([bad.name, res.status]).toEqual([bad.name, bad.status]);
      expectJsonError(res, bad.status, bad.code);
    }
    figures.malformedCases = BAD_REQUESTS.length;
  });

  it('refuse a body over the limit with 413, declared or chunked, and close the connection', async () => {
    const over = LIMITS.requestMaxBytes + 1024;
    // Declared: the refusal comes from Content-Length, before the body is read, so only its first
    // 64 KB are sent (a client that pushes the rest into a closed connection gets EPIPE instead).
    const declared = await sendOversized(host.port, '/api/ml/analyze', bearer(TOKEN), over, true, 64 * 1024);
    // Chunked: no size up front, so the host must count while reading and stop past the limit.
    const chunked = await sendOversized(host.port, '/api/ml/analyze', bearer(TOKEN), over, false, over);
    for (const res of [declared, chunked]) {
      expectJsonError(res, 413, 'payload_too_large');
      expect(res.headers.connection).toBe('close');
    }
    expect((await httpProbe(host.port, { path: '/api/health', headers: good() })).status).toBe(200);
    figures.oversizedBodyBytes = over;
  });

  it('never serve a file outside the built UI, however the path is spelled', async () => {
    for (const path of [
      '/../../../../etc/passwd',
      '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/..%2f..%2f..%2fetc%2fpasswd',
      '/assets/..%5c..%5cpackage.json',
      '/%00index.html',
    ]) {
      const raw = await rawExchange(
        host.port,
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
      );
      expect([path, /^HTTP\/1\.1 (200|403|404) /.test(raw)]).toEqual([path, true]);
      const res = await httpProbe(host.port, { path });
      expect(res.text).not.toContain('root:x:0:0');
      expect(res.text).not.toContain('"devDependencies"');
    }
  });

  it('answer headers over 16 KB with 431 and bytes that are not HTTP with 400', async () => {
    const huge = await rawExchange(
      host.port,
      `GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(huge).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(await rawExchange(host.port, 'HELLO THERE\r\n\r\n')).toBe('HTTP/1.1 400 Bad Request');
    expect(await rawExchange(host.port, Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01]))).toBe(
      'HTTP/1.1 400 Bad Request',
    ); // a TLS ClientHello
    expect((await httpProbe(host.port, { path: '/api/health', headers: good() })).status).toBe(200);
  });
});

describe('loopback only', () => {
  it('listens on 127.0.0.1 and nowhere else', () => {
    expect(host.origin).toBe(`http://127.0.0.1:${host.port}`);
    const listening = listeningAddresses(host.port);
    figures.listeningAddresses = listening ?? 'unknown: /proc/net/tcp is not available here';
    if (listening !== null) expect(listening).toEqual(['127.0.0.1']);
  });

  it("refuses a connection to this machine's non-loopback addresses", async () => {
    const addresses = nonLoopbackAddresses();
    if (addresses.length === 0) {
      figures.nonLoopbackConnect = 'not tested: this machine has no non-loopback interface';
      return;
    }
    const outcomes: Record<string, string> = {};
    for (const address of addresses) outcomes[address] = await tryConnect(address, host.port);
    figures.nonLoopbackConnect = outcomes;
    for (const outcome of Object.values(outcomes)) expect(outcome).toBe('ECONNREFUSED');
  });

  it('refuses at start to bind to a wildcard or remote address', async () => {
    const refusals: Record<string, number | null> = {};
    for (const address of ['0.0.0.0', '::', ...nonLoopbackAddresses().slice(0, 1)]) {
      const run = await runHostExpectingRefusal(['--host', address, '--port', '0']);
      expect(run.started).toBe(false);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`refusing to bind to "${address}"`);
      refusals[address] = run.code;
    }
    figures.bindRefusedExitCodes = refusals;
  });
});

/** One kind of bad request in the burst, and the statuses it may legitimately get. */
interface BurstKind {
  name: string;
  send: (agent: Agent) => Promise<number>;
  allowed: number[];
}

const statusOf = (res: ProbeResponse): number => res.status;
/** POSTs beyond the host's concurrent-POST cap are turned away with 503 busy: documented, not a fault. */
const BUSY = 503;

function burstKinds(port: number): BurstKind[] {
  const post = (agent: Agent, path: string, body: string, headers = good()) =>
    httpProbe(port, { method: 'POST', path, headers, body, agent }).then(statusOf);
  return [
    {
      name: 'no token',
      send: (agent) => httpProbe(port, { path: '/api/alerts', agent }).then(statusOf),
      allowed: [401],
    },
    {
      name: 'wrong token',
      send: (agent) =>
        post(agent, '/api/ml/analyze', '{"logs":["x"]}', bearer('wrong-token-0123456789abcdef')),
      allowed: [401],
    },
    {
      name: 'invalid JSON',
      send: (agent) => post(agent, '/api/ml/real_time', '{"operation":'),
      allowed: [400, BUSY],
    },
    {
      name: 'unknown operation',
      send: (agent) => post(agent, '/api/ml/real_time', '{"operation":"explode"}'),
      allowed: [400, BUSY],
    },
    {
      name: 'wrong types',
      send: (agent) => post(agent, '/api/ml/analyze', '{"logs":[1,2,3]}'),
      allowed: [400, BUSY],
    },
    {
      name: 'bad query',
      send: (agent) =>
        httpProbe(port, { path: '/api/alerts?level=none&limit=x', headers: good(), agent }).then(statusOf),
      allowed: [400],
    },
    {
      name: 'unknown route',
      send: (agent) =>
        httpProbe(port, { path: '/api/admin/../users', headers: good(), agent }).then(statusOf),
      allowed: [404],
    },
    {
      name: 'forged Host',
      send: (agent) =>
        httpProbe(port, { path: '/api/health', headers: { ...good(), Host: 'evil.example' }, agent }).then(
          statusOf,
        ),
      allowed: [403],
    },
    {
      name: 'WebSocket without token',
      send: () => upgradeStatus(port, '/api/ws').then(statusOf),
      allowed: [401],
    },
    {
      name: 'not HTTP',
      send: () => rawExchange(port, 'GARBAGE\r\n\r\n').then((line) => Number(line.split(' ')[1] ?? 0)),
      allowed: [400],
    },
    // Declares a body over the limit but sends only its first 64 KB: the refusal comes from the header.
    {
      name: 'oversized (declared)',
      send: () =>
        sendOversized(
          port,
          '/api/ml/analyze',
          bearer(TOKEN),
          LIMITS.requestMaxBytes + 1,
          true,
          64 * 1024,
        ).then(statusOf),
      allowed: [413, BUSY],
    },
  ];
}

const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

describe('a burst of 10,000 bad requests', () => {
  it('leaves the host alive and serving good requests during and after', async () => {
    const TOTAL = 10_000;
    const CONCURRENCY = 50;
    const kinds = burstKinds(host.port);
    const badAgent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const goodAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    const tally = new Map<string, Map<string, number>>();
    const count = (kind: string, outcome: string): void => {
      const byOutcome = tally.get(kind) ?? new Map<string, number>();
      byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
      tally.set(kind, byOutcome);
    };

    let bursting = true;
    const goodLatencies: number[] = [];
    const goodFailures: string[] = [];
    const goodLoop = (async () => {
      while (bursting) {
        const started = performance.now();
        try {
          const res = await httpProbe(host.port, {
            path: '/api/ml/real_time',
            headers: good(),
            agent: goodAgent,
          });
          if (res.status === 200) goodLatencies.push(performance.now() - started);
          else goodFailures.push(`HTTP ${res.status}`);
        } catch (error) {
          goodFailures.push((error as Error).message);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    let next = 0;
    const started = performance.now();
    const worker = async (): Promise<void> => {
      while (next < TOTAL) {
        const kind = kinds[next++ % kinds.length]!;
        try {
          count(kind.name, String(await kind.send(badAgent)));
        } catch (error) {
          count(kind.name, (error as NodeJS.ErrnoException).code ?? (error as Error).message);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const burstSeconds = (performance.now() - started) / 1000;
    bursting = false;
    await goodLoop;
    badAgent.destroy();
    goodAgent.destroy();

    const after = await httpProbe(host.port, { path: '/api/ml/real_time', headers: good() });
    const status = after.json as { running?: boolean; stats?: { processed?: number } };
    const sorted = [...goodLatencies].sort((a, b) => a - b);
    const outcomes = Object.fromEntries(
      [...tally].map(([kind, byOutcome]) => [kind, Object.fromEntries(byOutcome)]),
    );
    Object.assign(figures, {
      burstRequests: TOTAL,
      burstConcurrency: CONCURRENCY,
      burstSeconds: Number(burstSeconds.toFixed(2)),
      burstRequestsPerSecond: Math.round(TOTAL / burstSeconds),
      burstOutcomes: outcomes,
      goodRequestsDuringBurst: goodLatencies.length,
      goodFailuresDuringBurst: goodFailures.length,
      goodP50Ms: Number(percentile(sorted, 0.5).toFixed(1)),
      goodP99Ms: Number(percentile(sorted, 0.99).toFixed(1)),
      goodMaxMs: Number((sorted.at(-1) ?? Number.NaN).toFixed(1)),
      aliveAfterBurst: host.alive(),
      engineRunningAfterBurst: status.running,
    });

    expect(goodFailures).toEqual([]);
    expect(goodLatencies.length).toBeGreaterThan(0);
    expect(after.status).toBe(200);
    expect(status.running).toBe(true);
    expect(host.alive()).toBe(true);
    for (const kind of kinds) {
      const seen = Object.keys(outcomes[kind.name] ?? {});
      expect([kind.name, seen.filter((outcome) => !kind.allowed.map(String).includes(outcome))]).toEqual([
        kind.name,
        [],
      ]);
    }
  });
});
