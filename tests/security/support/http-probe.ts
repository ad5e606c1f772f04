/**
 * Low-level HTTP clients for hostile-request tests against the host on 127.0.0.1: full control of
 * headers (a forged `Host`), bodies that are not JSON or too large, WebSocket upgrades whose refusal
 * is a plain HTTP status, and raw bytes that are not HTTP at all. Every call has a deadline, so a
 * host that stops answering fails the test instead of hanging it.
 */
import {
  request,
  type Agent,
  type ClientRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
} from 'node:http';
import { connect } from 'node:net';

export interface ProbeRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** A keep-alive agent to reuse connections; default: a fresh connection. */
  agent?: Agent;
  timeoutMs?: number;
}

export interface ProbeResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function collect(resolve: (r: ProbeResponse) => void, reject: (e: Error) => void) {
  return (res: IncomingMessage): void => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
    });
    res.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parseJson(text) });
    });
    res.on('error', reject);
  };
}

function withDeadline(req: ClientRequest, timeoutMs: number, what: string, reject: (e: Error) => void): void {
  req.setTimeout(timeoutMs, () => {
    req.destroy();
    reject(new Error(`${what}: no answer in ${timeoutMs} ms`));
  });
}

/** One request to 127.0.0.1:port; resolves with the whole response. */
export function httpProbe(port: number, probe: ProbeRequest): Promise<ProbeResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: probe.method ?? 'GET',
        path: probe.path,
        headers: probe.headers ?? {},
        ...(probe.agent ? { agent: probe.agent } : { agent: false }),
      },
      collect(resolve, reject),
    );
    withDeadline(
      req,
      probe.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      `${probe.method ?? 'GET'} ${probe.path}`,
      reject,
    );
    req.on('error', reject);
    req.end(probe.body);
  });
}

/**
 * Streams a body of `totalBytes` (declared with Content-Length, or chunked when `declared` is false)
 * until the host answers, writing at most `sendBytes` of it (less than `totalBytes` leaves the
 * request unfinished: a declared size alone must be enough for a refusal). The host refuses as soon
 * as it knows the size and closes the connection, so write errors after the answer (EPIPE,
 * ECONNRESET) are expected and ignored.
 */
export function sendOversized(
  port: number,
  path: string,
  headers: Record<string, string>,
  totalBytes: number,
  declared: boolean,
  sendBytes: number,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<ProbeResponse> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        agent: false,
        headers: {
          ...headers,
          'Content-Type': 'application/json',
          ...(declared ? { 'Content-Length': String(totalBytes) } : { 'Transfer-Encoding': 'chunked' }),
        },
      },
      collect((response) => {
        answered = true;
        resolve(response);
        req.destroy();
      }, reject),
    );
    withDeadline(req, timeoutMs, `oversized POST ${path}`, reject);
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20); // spaces: valid JSON whitespace, so only size is wrong
    let sent = 0;
    const limit = Math.min(totalBytes, sendBytes);
    const pump = (): void => {
      while (!answered && sent < limit) {
        const piece = chunk.subarray(0, Math.min(chunk.length, limit - sent));
        sent += piece.length;
        if (!req.write(piece)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered && sent >= totalBytes) req.end();
    };
    pump();
  });
}

/**
 * A WebSocket upgrade request (`GET path` with the upgrade headers). Resolves with the HTTP status:
 * 101 when the host accepted the handshake (the socket is then closed at once), else its refusal.
 */
export function upgradeStatus(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<ProbeResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        agent: false,
        headers: {
          Connection: 'Upgrade',
          Upgrade: 'websocket',
          'Sec-WebSocket-Version': '13',
          'Sec-WebSocket-Key': Buffer.from('vigil-security-1').toString('base64'),
          ...headers,
        },
      },
      collect(resolve, reject),
    );
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 101, headers: res.headers, text: '', json: undefined });
    });
    withDeadline(req, DEFAULT_TIMEOUT_MS, `upgrade ${path}`, reject);
    req.on('error', reject);
    req.end();
  });
}

/** Writes raw bytes to 127.0.0.1:port and resolves with the first line the host answers (or ''). */
export function rawExchange(
  port: number,
  bytes: string | Buffer,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`raw exchange: no answer in ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.length > 64 * 1024) socket.destroy();
    });
    socket.on('error', () => undefined); // a reset after the answer is the host closing: fine
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received.split('\r\n')[0] ?? '');
    });
  });
}

/** 'connected' when a TCP connection to address:port is accepted, else the error code (ECONNREFUSED, ...). */
export function tryConnect(address: string, port: number, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('ETIMEDOUT');
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(error.code ?? error.message);
    });
  });
}
