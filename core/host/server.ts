/**
 * Composes the headless host: one node:http server on a loopback address carrying the REST API
 * (`/api/*`), the WebSocket (`/api/ws`) and the built UI (everything else). Every request is checked
 * against DNS rebinding first (its Host must be a loopback name); handlers are wrapped so that no
 * request, however malformed, can take the process down.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { EngineClient } from '../engine/client';
import { createApiHandler } from './api';
import { bindAddressFor, isAllowedHostHeader, isLoopbackAddress } from './loopback';
import { sendError, setCommonHeaders } from './respond';
import { createStaticHandler } from './static';
import { WsHub, type WsHubOptions } from './ws-hub';

export interface HostServerOptions {
  engine: EngineClient;
  token: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  rendererDir: string;
  maxConnections?: number;
  maxBodyBytes?: number;
  maxConcurrentPosts?: number;
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  ws?: Pick<WsHubOptions, 'maxClients' | 'maxInFlightPerClient' | 'heartbeatMs' | 'channel'>;
  /** Where operational errors go (never request URLs: a WebSocket URL carries the token). */
  log?: (line: string) => void;
}

export interface HostServer {
  readonly port: number;
  /** `http://127.0.0.1:PORT` (or `http://[::1]:PORT`), without the token. */
  readonly origin: string;
  readonly wsClients: () => number;
  close(): Promise<void>;
}

export class HostConfigError extends Error {}

function isApiPath(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/');
}

export async function startHostServer(options: HostServerOptions): Promise<HostServer> {
  if (!isLoopbackAddress(options.host)) {
    throw new HostConfigError(`refusing to bind to non-loopback address "${options.host}"`);
  }
  const log = options.log ?? ((line: string) => console.error(line));
  let port = 0;
  const api = createApiHandler({
    engine: options.engine,
    token: options.token,
    ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}),
    ...(options.maxConcurrentPosts !== undefined ? { maxConcurrentPosts: options.maxConcurrentPosts } : {}),
  });
  let serveStatic: ReturnType<typeof createStaticHandler> | null = null;
  const hub = new WsHub({ engine: options.engine, token: options.token, port: () => port, ...options.ws });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      sendError(res, 400, 'bad_request', 'unparseable request target');
      return;
    }
    if (!isAllowedHostHeader(req.headers.host)) {
      const message = 'the Host header must name this machine (127.0.0.1 or localhost)';
      if (isApiPath(url.pathname)) sendError(res, 403, 'forbidden_host', message);
      else sendPlain(res, 403, `${message}\n`);
      return;
    }
    if (isApiPath(url.pathname)) await api(req, res, url);
    else await (serveStatic as NonNullable<typeof serveStatic>)(req, res, url);
  };

  const server: Server = createServer(
    {
      headersTimeout: options.headersTimeoutMs ?? 10_000,
      requestTimeout: options.requestTimeoutMs ?? 60_000,
    },
    (req, res) => {
      handle(req, res).catch((err: unknown) => {
        const pathname = (req.url ?? '').split('?')[0] ?? '';
        log(
          `[host] ${req.method ?? '?'} ${pathname.slice(0, 200)} failed: ${err instanceof Error ? err.message : String(err)}`,
        );
        if (!res.headersSent) sendError(res, 500, 'internal', 'the host failed to handle this request');
        else res.destroy();
      });
    },
  );
  server.maxConnections = options.maxConnections ?? 128;
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const status =
      err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? '408 Request Timeout'
        : err.code === 'HPE_HEADER_OVERFLOW'
          ? '431 Request Header Fields Too Large'
          : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    try {
      hub.handleUpgrade(req, socket, head);
    } catch (err) {
      log(`[host] WebSocket upgrade failed: ${err instanceof Error ? err.message : String(err)}`);
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, bindAddressFor(options.host), () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => log(`[host] server error: ${err.message}`));
  const address = server.address() as AddressInfo;
  port = address.port;
  serveStatic = createStaticHandler({ root: options.rendererDir, port });
  const origin =
    address.family === 'IPv6' ? `http://[${address.address}]:${port}` : `http://${address.address}:${port}`;

  let closing: Promise<void> | null = null;
  return {
    port,
    origin,
    wsClients: () => hub.clientCount,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        await hub.close();
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), 5000);
        force.unref();
        await closed;
        clearTimeout(force);
      })();
      return closing;
    },
  };
}

function sendPlain(res: ServerResponse, status: number, text: string): void {
  setCommonHeaders(res);
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.statusCode = status;
  res.end(text);
}
