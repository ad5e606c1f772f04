/**
 * The WebSocket endpoint of the headless host, against a real server on an ephemeral port and a real
 * `ws` client: upgrade refusals (token, Origin, Host, path, client cap), command round trips by id,
 * validation errors, and event batches being merged for a client instead of queued.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Alert, CommandName, EventBatch, ServerMessage } from '../../core/contract';
import type { EngineClient } from '../../core/engine/client';
import { EngineError } from '../../core/engine/errors';
import { startHostServer, type HostServer } from '../../core/host/server';
import { makeAlert } from './engine-fixtures';
import { engineStatus, kafkaConfigWithPassword, PASSWORD } from './host-engine-double';

const TOKEN = 'ws-test-token-0123456789abcdef';

/** Records calls, answers engine:* with a status, and lets the test emit event batches. */
class RecordingEngine implements EngineClient {
  calls: { name: CommandName; request: unknown }[] = [];
  failures: Partial<Record<CommandName, Error>> = {};
  private readonly listeners = new Set<(batch: EventBatch) => void>();
  call(name: CommandName, request: unknown): Promise<never> {
    this.calls.push({ name, request });
    const failure = this.failures[name];
    if (failure) return Promise.reject(failure);
    return Promise.resolve((name.startsWith('engine:') ? engineStatus() : { alerts: [] }) as never);
  }
  emit(batch: EventBatch): void {
    for (const listener of this.listeners) listener(batch);
  }
  onEvents(listener: (batch: EventBatch) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

function rawText(data: WebSocket.RawData): string {
  return Buffer.isBuffer(data)
    ? data.toString('utf8')
    : Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.from(data).toString('utf8');
}

let engine: RecordingEngine;
let server: HostServer;
const open: WebSocket[] = [];

beforeAll(async () => {
  engine = new RecordingEngine();
  server = await startHostServer({
    engine,
    token: TOKEN,
    host: '127.0.0.1',
    port: 0,
    rendererDir: '/nonexistent-vigil-renderer',
    ws: { maxClients: 3 },
    log: () => {},
  });
});
afterAll(() => server.close());
beforeEach(async () => {
  for (const ws of open.splice(0)) ws.terminate();
  // The server learns of the terminations asynchronously; start each test from zero clients.
  while (server.wsClients() > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  engine.calls = [];
  engine.failures = {};
});

function wsUrl(query = `?token=${TOKEN}`, path = '/api/ws'): string {
  return `ws://127.0.0.1:${server.port}${path}${query}`;
}

/** Opens a socket and collects every message; resolves once open. */
async function connect(
  headers: Record<string, string> = {},
): Promise<{ ws: WebSocket; messages: ServerMessage[]; next: () => Promise<ServerMessage> }> {
  const ws = new WebSocket(wsUrl(), { headers });
  open.push(ws);
  const messages: ServerMessage[] = [];
  const waiters: ((m: ServerMessage) => void)[] = [];
  let read = 0;
  ws.on('message', (data) => {
    messages.push(JSON.parse(rawText(data)) as ServerMessage);
    waiters.shift()?.(messages[read++] as ServerMessage);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const next = (): Promise<ServerMessage> =>
    read < messages.length
      ? Promise.resolve(messages[read++] as ServerMessage)
      : new Promise((resolve) => waiters.push(resolve));
  return { ws, messages, next };
}

/** The HTTP status with which the server refused an upgrade. */
function refusal(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('open', () => {
      ws.terminate();
      reject(new Error('the upgrade was accepted'));
    });
    ws.once('error', () => {});
  });
}

describe('upgrade refusals', () => {
  it('is 401 without a token, with a wrong token, or with the token twice', async () => {
    expect(await refusal(wsUrl(''))).toBe(401);
    expect(await refusal(wsUrl(`?token=${TOKEN}x`))).toBe(401);
    expect(await refusal(wsUrl(`?token=${TOKEN}&token=${TOKEN}`))).toBe(401);
  });

  it('tells the console page its token is wrong with close code 4401 (a browser cannot read a 401)', async () => {
    const ws = new WebSocket(wsUrl(`?token=${TOKEN}x`), {
      headers: { Origin: `http://127.0.0.1:${server.port}` },
    });
    open.push(ws);
    ws.on('open', () => ws.send(JSON.stringify({ id: 1, command: 'engine:status', request: {} })));
    const messages: string[] = [];
    ws.on('message', (data) => messages.push(rawText(data)));
    const [code] = await new Promise<[number, string]>((resolve) =>
      ws.once('close', (c, r) => resolve([c, String(r)])),
    );
    expect(code).toBe(4401);
    expect(messages).toEqual([]);
    expect(engine.calls).toEqual([]);
  });

  it('does not take the token from an Authorization header instead of the query', async () => {
    expect(await refusal(wsUrl(''), { Authorization: `Bearer ${TOKEN}` })).toBe(401);
  });

  it('is 403 for a foreign Origin, even with the token', async () => {
    expect(await refusal(wsUrl(), { Origin: 'https://evil.example' })).toBe(403);
    expect(await refusal(wsUrl(), { Origin: `http://127.0.0.1:${server.port + 1}` })).toBe(403);
    expect(await refusal(wsUrl(), { Origin: 'null' })).toBe(403);
  });

  it('is 403 for a Host that is not loopback (DNS rebinding)', async () => {
    expect(await refusal(wsUrl(), { Host: `rebind.example:${server.port}` })).toBe(403);
  });

  it('is 404 for another path', async () => {
    expect(await refusal(wsUrl(`?token=${TOKEN}`, '/api/other'))).toBe(404);
  });

  it('accepts the console page Origin under either loopback name', async () => {
    await connect({ Origin: `http://127.0.0.1:${server.port}` });
    await connect({ Origin: `http://localhost:${server.port}` });
    expect(server.wsClients()).toBeGreaterThanOrEqual(2);
  });

  it('is 503 beyond the client cap', async () => {
    await connect();
    await connect();
    await connect();
    expect(await refusal(wsUrl())).toBe(503);
  });
});

describe('commands', () => {
  it('answers a command by id with the engine response', async () => {
    const { ws, next } = await connect();
    ws.send(JSON.stringify({ id: 7, command: 'engine:status', request: {} }));
    const reply = await next();
    expect(reply.kind).toBe('response');
    expect(reply).toMatchObject({ id: 7, response: { running: false, health: { status: 'healthy' } } });
    expect(engine.calls).toEqual([{ name: 'engine:status', request: {} }]);
  });

  it('validates the request against the command map before the engine sees it', async () => {
    const { ws, next } = await connect();
    ws.send(JSON.stringify({ id: 1, command: 'alerts:list', request: { level: ['urgent'] } }));
    const reply = await next();
    expect(reply).toMatchObject({ kind: 'error', id: 1, error: { code: 'invalid_request' } });
    expect(engine.calls).toEqual([]);
  });

  it('refuses a start request with a misspelled Kafka field instead of starting with a default', async () => {
    const { ws, next } = await connect();
    const request = { source: 'kafka', kafka: { brokers: ['127.0.0.1:9092'], fromBegining: true } };
    ws.send(JSON.stringify({ id: 4, command: 'engine:start', request }));
    const reply = await next();
    expect(reply).toMatchObject({ kind: 'error', id: 4, error: { code: 'invalid_request' } });
    expect(JSON.stringify(reply)).toContain('fromBegining');
    expect(engine.calls).toEqual([]);
  });

  it('reports an unknown command, bad JSON, a bad envelope and binary frames', async () => {
    const { ws, next } = await connect();
    ws.send(JSON.stringify({ id: 2, command: 'engine:explode', request: {} }));
    expect(await next()).toMatchObject({ kind: 'error', id: 2, error: { code: 'unknown_command' } });
    ws.send('{not json');
    expect(await next()).toMatchObject({ kind: 'error', id: null, error: { code: 'bad_json' } });
    ws.send(JSON.stringify({ id: 3, request: {} }));
    expect(await next()).toMatchObject({ kind: 'error', id: 3, error: { code: 'bad_message' } });
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await next()).toMatchObject({ kind: 'error', id: null, error: { code: 'bad_message' } });
    expect(engine.calls).toEqual([]);
  });

  it('carries engine errors back with their code', async () => {
    engine.failures['alerts:act'] = new EngineError('not_found', 'no alert a1');
    const { ws, next } = await connect();
    ws.send(JSON.stringify({ id: 4, command: 'alerts:act', request: { id: 'a1', action: 'ack' } }));
    expect(await next()).toEqual({
      kind: 'error',
      id: 4,
      error: { code: 'not_found', message: 'no alert a1' },
    });
  });
});

describe('events', () => {
  it('merges batches that arrive faster than the rate limit into one, latest alert versions winning', async () => {
    const { next, messages } = await connect();
    engine.emit({ seq: 1, at: 1, events: [{ type: 'alerts', alerts: [makeAlert('a0', { count: 1 })] }] });
    const first = await next();
    expect(first).toMatchObject({ kind: 'events', batch: { seq: 1 } });

    // Fifty batches within one tick: the rate limit holds them and sends one merged batch.
    for (let seq = 2; seq <= 51; seq++) {
      engine.emit({
        seq,
        at: seq,
        events: [
          { type: 'status', status: engineStatus({ stats: { ...engineStatus().stats, processed: seq } }) },
          { type: 'alerts', alerts: [makeAlert(`a${seq % 10}`, { count: seq })] },
          { type: 'logs', logs: [], dropped: 1 },
        ],
      });
    }
    const merged = await next();
    if (merged.kind !== 'events') throw new Error(`expected events, got ${merged.kind}`);
    // The merged batch is the latest state (at = 51) and the next in this connection's sequence.
    expect(merged.batch.at).toBe(51);
    expect(merged.batch.seq).toBe(2);
    const byType = Object.fromEntries(merged.batch.events.map((event) => [event.type, event]));
    expect(byType.status).toMatchObject({ status: { stats: { processed: 51 } } });
    const alerts = (byType.alerts as { alerts: Alert[] }).alerts;
    expect(alerts.map((a) => a.id).sort()).toEqual([
      'a0',
      'a1',
      'a2',
      'a3',
      'a4',
      'a5',
      'a6',
      'a7',
      'a8',
      'a9',
    ]);
    expect(alerts.find((a) => a.id === 'a1')?.count).toBe(51);
    expect(byType.logs).toMatchObject({ dropped: 50 });
    expect(messages).toHaveLength(2);
  });

  it('redacts secrets from status events', async () => {
    const { next } = await connect();
    engine.emit({
      seq: 99,
      at: 1,
      events: [
        {
          type: 'status',
          status: engineStatus({ config: kafkaConfigWithPassword() }),
        },
      ],
    });
    const message = await next();
    expect(JSON.stringify(message)).not.toContain(PASSWORD);
  });
});
