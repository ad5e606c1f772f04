/**
 * Malformed, mistyped and oversized requests against the real headless host (a child process
 * running the demo, see security-host-fixture.ts) get a 4xx JSON error and never a file outside the
 * UI; and the host listens on loopback only. All traffic goes to 127.0.0.1, except one connection
 * attempt to this machine's own non-loopback address to show that it is refused. Figures are
 * printed as one JSON line.
 */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../core/contract';
import { runHostExpectingRefusal } from '../security/support/host-child';
import { httpProbe, rawExchange, sendOversized, tryConnect } from '../security/support/http-probe';
import { BAD_REQUESTS } from '../security/support/bad-requests';
import { listeningAddresses, nonLoopbackAddresses } from '../security/support/listening-sockets';
import { TOKEN, bearer, expectJsonError, good, useDemoHost } from './security-host-fixture';

const { host, figures } = useDemoHost('requests');

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
