/**
 * Static serving of the built UI by the headless host: content types, the index.html fallback for
 * client-side routes, refusal of every way out of the root, and the 503 page before a build.
 */
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineClient } from '../../core/engine/client';
import { startHostServer, type HostServer } from '../../core/host/server';

/** The static handler never touches the engine; any call is a bug the test should see. */
const unusedEngine: EngineClient = {
  call: () => Promise.reject(new Error('the static tests must not reach the engine')),
  onEvents: () => () => {},
  close: () => Promise.resolve(),
};

let workDir: string;
let root: string;
let server: HostServer;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'vigil-static-'));
  root = join(workDir, 'renderer');
  writeFileSync(join(workDir, 'secret.txt'), 'outside the root');
  server = await startHostServer({
    engine: unusedEngine,
    token: 'static-token-0123456789',
    host: '127.0.0.1',
    port: 0,
    rendererDir: root,
    log: () => {},
  });
});
afterAll(async () => {
  await server.close();
  rmSync(workDir, { recursive: true, force: true });
});

/** Sends the path byte for byte (fetch would normalize `..` away before it leaves the client). */
function rawGet(
  path: string,
  method = 'GET',
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('before the renderer is built', () => {
  it('answers 503 with a page that says to run npm run build', async () => {
    const res = await rawGet('/');
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('npm run build');
  });
});

describe('after the renderer is built (no restart needed)', () => {
  beforeAll(() => {
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(
      join(root, 'index.html'),
      '<!doctype html><title>Vigil</title><script type="module" src="./assets/index-abc.js"></script>',
    );
    writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log("vigil")');
    writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
    writeFileSync(join(root, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(root, 'assets', 'font.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
    symlinkSync(workDir, join(root, 'escape'));
  });

  it('serves index.html at / with the UI security policy', async () => {
    const res = await rawGet('/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>Vigil</title>');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self';");
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).toContain("style-src 'self';");
    expect(csp).not.toContain('unsafe');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it.each([
    ['/assets/index-abc.js', 'text/javascript; charset=utf-8'],
    ['/assets/index-abc.css', 'text/css; charset=utf-8'],
    ['/assets/logo.svg', 'image/svg+xml'],
    ['/assets/font.woff2', 'font/woff2'],
  ])('serves %s as %s, cached as immutable', async (path, type) => {
    const res = await rawGet(path);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('answers HEAD without a body', async () => {
    const res = await rawGet('/assets/index-abc.js', 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe(String('console.log("vigil")'.length));
    expect(res.body).toBe('');
  });

  it('falls back to index.html for client-side routes, and keeps the query', async () => {
    const res = await rawGet('/alerts/123?token=abc');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>Vigil</title>');
  });

  it('is 404 (not HTML) for a missing asset', async () => {
    const res = await rawGet('/assets/missing-123.js');
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('<title>Vigil</title>');
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
    '/escape/secret.txt',
    '/index.html%00.js',
    '/%ff%fe',
  ])('never serves anything outside the root: %s', async (path) => {
    const res = await rawGet(path);
    expect(res.body).not.toContain('outside the root');
    expect([403, 404, 200]).toContain(res.status);
    if (res.status === 200) expect(res.body).toContain('<title>Vigil</title>');
  });

  it('refuses a symlink out of the root with 403', async () => {
    expect((await rawGet('/escape/secret.txt')).status).toBe(403);
  });

  it('is 405 for methods other than GET and HEAD', async () => {
    const res = await rawGet('/', 'POST');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });

  it('does not need the token for the UI shell', async () => {
    expect((await rawGet('/')).status).toBe(200);
  });
});
