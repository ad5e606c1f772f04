/**
 * Serves the built renderer (`out/renderer`). Paths are resolved inside the root and checked after
 * symlinks are followed, so neither `..` nor an encoded separator nor a link can reach outside it.
 * Unknown paths without a file extension fall back to `index.html` (client-side routes); a missing
 * asset is a 404, not HTML that the browser would try to run as a script.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { setCommonHeaders, uiContentSecurityPolicy } from './respond';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vigil: console not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto;">
<h1>The Vigil console is not built yet</h1>
<p>The host is running and its API answers, but there is no UI to serve: <code>out/renderer/index.html</code> is missing.</p>
<p>Run <code>npm run build</code> in the repository, then reload this page (keep the <code>?token=</code> part of the address).</p>
</body></html>
`;

export interface StaticOptions {
  root: string;
  port: number;
}

export type StaticHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

type Resolved = { kind: 'file'; path: string; size: number } | { kind: 'missing' } | { kind: 'forbidden' };

export function createStaticHandler(options: StaticOptions): StaticHandler {
  const csp = uiContentSecurityPolicy(options.port);
  let realRoot: string | null = null;

  const rootDir = async (): Promise<string | null> => {
    if (realRoot !== null) return realRoot;
    try {
      realRoot = await realpath(options.root);
      return realRoot;
    } catch {
      return null; // Not built yet; looked up again on the next request, so a build needs no restart.
    }
  };

  const resolveFile = async (root: string, pathname: string): Promise<Resolved> => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return { kind: 'forbidden' };
    }
    if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'forbidden' };
    const relative = normalize(decoded).replace(/^([/\\])+/, '');
    if (relative.split(/[/\\]/).includes('..')) return { kind: 'forbidden' };
    const candidate = join(root, relative);
    if (candidate !== root && !candidate.startsWith(root + sep)) return { kind: 'forbidden' };
    try {
      const real = await realpath(candidate);
      if (real !== root && !real.startsWith(root + sep)) return { kind: 'forbidden' };
      const info = await stat(real);
      if (info.isFile()) return { kind: 'file', path: real, size: info.size };
      if (info.isDirectory()) {
        const index = join(real, 'index.html');
        const indexInfo = await stat(index).catch(() => null);
        if (indexInfo?.isFile()) return { kind: 'file', path: index, size: indexInfo.size };
      }
      return { kind: 'missing' };
    } catch {
      return { kind: 'missing' };
    }
  };

  const sendText = (
    res: ServerResponse,
    status: number,
    contentType: string,
    text: string,
    headOnly: boolean,
  ): void => {
    setCommonHeaders(res);
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('Content-Type', contentType);
    res.setHeader('Content-Length', Buffer.byteLength(text));
    res.setHeader('Cache-Control', 'no-store');
    res.statusCode = status;
    res.end(headOnly ? undefined : text);
  };

  const sendFile = (
    res: ServerResponse,
    path: string,
    size: number,
    pathname: string,
    headOnly: boolean,
  ): void => {
    setCommonHeaders(res);
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('Content-Type', CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream');
    res.setHeader('Content-Length', size);
    // Vite fingerprints everything under /assets/; the shell must always be revalidated.
    res.setHeader(
      'Cache-Control',
      pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
    res.statusCode = 200;
    if (headOnly) {
      res.end();
      return;
    }
    const stream = createReadStream(path);
    stream.once('error', () => res.destroy());
    stream.pipe(res);
  };

  return async (req, res, url) => {
    const headOnly = req.method === 'HEAD';
    if (req.method !== 'GET' && !headOnly) {
      res.setHeader('Allow', 'GET, HEAD');
      sendText(res, 405, 'text/plain; charset=utf-8', 'Method not allowed\n', false);
      return;
    }
    const root = await rootDir();
    const index = root === null ? null : await resolveFile(root, '/index.html');
    if (root === null || index === null || index.kind !== 'file') {
      sendText(res, 503, 'text/html; charset=utf-8', NOT_BUILT_PAGE, headOnly);
      return;
    }
    const resolved = await resolveFile(root, url.pathname);
    if (resolved.kind === 'forbidden') {
      sendText(res, 403, 'text/plain; charset=utf-8', 'Forbidden\n', headOnly);
      return;
    }
    if (resolved.kind === 'file') {
      sendFile(res, resolved.path, resolved.size, url.pathname, headOnly);
      return;
    }
    if (extname(url.pathname) !== '') {
      sendText(res, 404, 'text/plain; charset=utf-8', 'Not found\n', headOnly);
      return;
    }
    sendFile(res, index.path, index.size, '/index.html', headOnly);
  };
}
