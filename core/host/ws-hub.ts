/**
 * The WebSocket endpoint `/api/ws` (protocol: core/contract/wire.ts). The upgrade is refused before
 * the handshake unless the Host is loopback, the Origin (when a browser sends one) is this server,
 * and the `token` query parameter matches. Each client then sends `ClientMessage`s, answered by id,
 * and receives the engine's event batches through its own rate-limited `EventChannel`.
 *
 * One exception to "refused before the handshake": a browser cannot read the HTTP status of a failed
 * upgrade (it sees close code 1006, indistinguishable from a host that is down, and would retry
 * forever). So when the request comes from the console page itself (its Origin is this server) and
 * the token is wrong, the handshake completes and the socket is closed at once with 4401, which the
 * page shows as "token refused". Nothing is read from such a socket and no event is sent to it.
 * Requests without an Origin (scripts, tools) get the plain 401.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  ClientMessage,
  LIMITS,
  isCommandName,
  type EngineEvent,
  type EventBatch,
  type ServerMessage,
} from '../contract';
import type { EngineClient } from '../engine/client';
import { queryToken, tokensEqual } from './auth';
import { dispatchCommand, redactStatus } from './dispatch';
import { EventChannel, type EventChannelOptions } from './event-channel';
import { isAllowedHostHeader, isAllowedOrigin } from './loopback';

export const WS_PATH = '/api/ws';
/** Close code for a refused token, agreed with the renderer (renderer/src/transport/connection.ts). */
export const CLOSE_UNAUTHORIZED = 4401;

export interface WsHubOptions {
  engine: EngineClient;
  token: string;
  /** The port actually listened on (known only after `listen`), for the Origin check. */
  port: () => number;
  maxClients?: number;
  /** Commands one client may have in progress at once. */
  maxInFlightPerClient?: number;
  heartbeatMs?: number;
  channel?: EventChannelOptions;
}

interface Client {
  socket: WebSocket;
  channel: EventChannel;
  inFlight: number;
  alive: boolean;
}

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  503: 'Service Unavailable',
};

/** Answers an upgrade request with a plain HTTP error and closes the socket (no handshake happened). */
function refuseUpgrade(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  const extra = status === 401 ? 'WWW-Authenticate: Bearer\r\n' : '';
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nConnection: close\r\n${extra}` +
      `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** Status events carry the running configuration: make sure no secret in it reaches a browser. */
function redactBatch(batch: EventBatch): EventBatch {
  if (!batch.events.some((event) => event.type === 'status')) return batch;
  const events: EngineEvent[] = batch.events.map((event) =>
    event.type === 'status' ? { type: 'status', status: redactStatus(event.status) } : event,
  );
  return { ...batch, events };
}

export class WsHub {
  private readonly server: WebSocketServer;
  private readonly clients = new Set<Client>();
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly maxClients: number;
  private readonly maxInFlight: number;

  constructor(private readonly options: WsHubOptions) {
    this.maxClients = options.maxClients ?? 16;
    this.maxInFlight = options.maxInFlightPerClient ?? 16;
    // A message is a command envelope around a request that is at most `requestMaxBytes`.
    this.server = new WebSocketServer({ noServer: true, maxPayload: LIMITS.requestMaxBytes + 4096 });
    this.unsubscribe = options.engine.onEvents((batch) => this.broadcast(batch));
    this.heartbeat = setInterval(() => this.checkAlive(), options.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** The server's `upgrade` listener. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      refuseUpgrade(socket, 404, 'not_found', 'bad request target');
      return;
    }
    if (url.pathname !== WS_PATH)
      return refuseUpgrade(socket, 404, 'not_found', `WebSocket lives at ${WS_PATH}`);
    if (!isAllowedHostHeader(req.headers.host)) {
      return refuseUpgrade(
        socket,
        403,
        'forbidden_host',
        'the Host header must name this machine (127.0.0.1 or localhost)',
      );
    }
    if (!isAllowedOrigin(req.headers.origin, this.options.port())) {
      return refuseUpgrade(
        socket,
        403,
        'forbidden_origin',
        'WebSocket connections are accepted from the Vigil console page only',
      );
    }
    const token = queryToken(url);
    if (token === null || !tokensEqual(token, this.options.token)) {
      if (req.headers.origin === undefined) {
        return refuseUpgrade(socket, 401, 'unauthorized', 'missing or wrong token (pass it as ?token=)');
      }
      this.server.handleUpgrade(req, socket, head, (ws) => {
        ws.close(CLOSE_UNAUTHORIZED, 'missing or wrong token');
        // A peer that does not answer the close handshake is cut off instead of lingering.
        setTimeout(() => ws.terminate(), 2000).unref();
      });
      return;
    }
    if (this.clients.size >= this.maxClients) {
      return refuseUpgrade(
        socket,
        503,
        'too_many_clients',
        `at most ${this.maxClients} consoles may connect at once`,
      );
    }
    this.server.handleUpgrade(req, socket, head, (ws) => this.attach(ws));
  }

  /** Closes every client (1001, going away) and stops listening to the engine. */
  close(): Promise<void> {
    clearInterval(this.heartbeat);
    this.unsubscribe();
    for (const client of this.clients) {
      client.channel.dispose();
      client.socket.close(1001, 'server shutting down');
    }
    // `ws` reports closed once every client is gone; a client that ignores the close handshake is cut off.
    return new Promise((resolve) => {
      const deadline = setTimeout(() => {
        for (const client of this.clients) client.socket.terminate();
      }, 2000);
      deadline.unref();
      this.server.close(() => {
        clearTimeout(deadline);
        resolve();
      });
    });
  }

  private attach(ws: WebSocket): void {
    const client: Client = {
      socket: ws,
      channel: new EventChannel(
        {
          get bufferedAmount() {
            return ws.bufferedAmount;
          },
          send: (text) => ws.send(text),
          close: (code, reason) => ws.close(code, reason),
        },
        this.options.channel,
      ),
      inFlight: 0,
      alive: true,
    };
    this.clients.add(client);
    ws.on('pong', () => {
      client.alive = true;
    });
    ws.on('message', (data, isBinary) => void this.onMessage(client, data, isBinary));
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      client.channel.dispose();
      this.clients.delete(client);
    });
  }

  private send(client: Client, message: ServerMessage): void {
    const ws = client.socket;
    if (ws.readyState !== ws.OPEN) return;
    const text = JSON.stringify(message);
    // Replies are not rate limited, but a client that does not read them is not buffered for either.
    if (ws.bufferedAmount + text.length > 4 * LIMITS.requestMaxBytes) {
      client.channel.dispose();
      ws.close(1013, 'client is not reading its replies');
      return;
    }
    ws.send(text);
  }

  private async onMessage(client: Client, data: RawData, isBinary: boolean): Promise<void> {
    if (isBinary) {
      return this.send(client, {
        kind: 'error',
        id: null,
        error: { code: 'bad_message', message: 'send text frames of JSON' },
      });
    }
    let raw: unknown;
    try {
      raw = JSON.parse(rawToText(data));
    } catch {
      return this.send(client, {
        kind: 'error',
        id: null,
        error: { code: 'bad_json', message: 'the message is not valid JSON' },
      });
    }
    const envelope = ClientMessage.safeParse(raw);
    if (!envelope.success) {
      const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id | 0 : null;
      return this.send(client, {
        kind: 'error',
        id,
        error: {
          code: 'bad_message',
          message: 'expected {"id": <integer>, "command": <name>, "request": <object>}',
        },
      });
    }
    const { id, command, request } = envelope.data;
    if (!isCommandName(command)) {
      return this.send(client, {
        kind: 'error',
        id,
        error: { code: 'unknown_command', message: `unknown command ${JSON.stringify(command)}` },
      });
    }
    if (client.inFlight >= this.maxInFlight) {
      return this.send(client, {
        kind: 'error',
        id,
        error: {
          code: 'too_many_requests',
          message: `at most ${this.maxInFlight} commands may be in progress at once`,
        },
      });
    }
    client.inFlight++;
    try {
      const outcome = await dispatchCommand(this.options.engine, command, request);
      if (outcome.ok) this.send(client, { kind: 'response', id, response: outcome.response });
      else this.send(client, { kind: 'error', id, error: { code: outcome.code, message: outcome.message } });
    } finally {
      client.inFlight--;
    }
  }

  private broadcast(batch: EventBatch): void {
    if (this.clients.size === 0) return;
    const safe = redactBatch(batch);
    for (const client of this.clients) client.channel.push(safe);
  }

  /** Drops clients that did not answer the previous ping (a vanished laptop lid, a dead tab). */
  private checkAlive(): void {
    for (const client of this.clients) {
      if (!client.alive) {
        client.socket.terminate();
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
  }
}

function rawToText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
