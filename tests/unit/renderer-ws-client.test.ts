import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventBatch } from '../../core/contract';
import { CommandFailure } from '../../renderer/src/transport/command-failure';
import { backoffDelay, DEFAULT_BACKOFF } from '../../renderer/src/transport/backoff';
import { createWsClient, type SocketHandlers, type WsClient } from '../../renderer/src/transport/ws-client';
import { batch, engineStatus, liveLog } from './renderer-fixtures';

/** A scripted socket: records what the client sends and lets the test play the server. */
class FakeSocket {
  sent: { id: number; command: string; request: unknown }[] = [];
  closedWith: number | null = null;
  constructor(
    readonly url: string,
    readonly handlers: SocketHandlers,
  ) {}
  send(text: string) {
    this.sent.push(JSON.parse(text) as FakeSocket['sent'][number]);
  }
  close(code?: number) {
    this.closedWith = code ?? 1000;
  }
  serverSends(message: unknown) {
    this.handlers.onMessage(typeof message === 'string' ? message : JSON.stringify(message));
  }
  lastRequestId(): number {
    const last = this.sent[this.sent.length - 1];
    if (!last) throw new Error('nothing sent');
    return last.id;
  }
}

describe('createWsClient', () => {
  let sockets: FakeSocket[];
  let client: WsClient;
  let warnings: string[];

  function open(): FakeSocket {
    const socket = sockets[sockets.length - 1]!;
    socket.handlers.onOpen();
    return socket;
  }

  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
    warnings = [];
    client = createWsClient({
      url: 'ws://host/api/ws?token=t',
      openSocket: (url, handlers) => {
        const socket = new FakeSocket(url, handlers);
        sockets.push(socket);
        return socket;
      },
      requestTimeoutMs: 1_000,
      maxPending: 2,
      random: () => 0.5,
      warn: (message) => warnings.push(message),
    });
  });

  afterEach(() => {
    client.close();
    vi.useRealTimers();
  });

  it('connects at once and reports connecting, then open', () => {
    expect(sockets).toHaveLength(1);
    expect(sockets[0]!.url).toBe('ws://host/api/ws?token=t');
    expect(client.snapshot().phase).toBe('connecting');
    open();
    expect(client.snapshot()).toMatchObject({ phase: 'open', everOpened: true, attempt: 0 });
  });

  it('sends requests with increasing ids and resolves with the validated response', async () => {
    const socket = open();
    const first = client.call('engine:status', {});
    const second = client.call('patterns:list', { limit: 5 });
    expect(socket.sent.map((message) => message.id)).toEqual([1, 2]);
    expect(socket.sent[1]).toEqual({ id: 2, command: 'patterns:list', request: { limit: 5 } });

    socket.serverSends({ kind: 'response', id: 2, response: { patterns: [] } });
    socket.serverSends({ kind: 'response', id: 1, response: engineStatus({ running: false }) });
    await expect(second).resolves.toEqual({ patterns: [] });
    await expect(first).resolves.toMatchObject({ running: false, source: 'demo' });
  });

  it('rejects a response that does not match the command schema, and counts it', async () => {
    const socket = open();
    const call = client.call('engine:status', {});
    socket.serverSends({ kind: 'response', id: socket.lastRequestId(), response: { running: 'yes' } });
    const failure = await call.catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CommandFailure);
    expect(failure).toMatchObject({ code: 'bad_response', command: 'engine:status' });
    expect(client.snapshot().protocolErrors).toBe(1);
  });

  it('rejects with the engine error code when the host answers with an error', async () => {
    const socket = open();
    const call = client.call('models:promote', {});
    socket.serverSends({
      kind: 'error',
      id: socket.lastRequestId(),
      error: { code: 'no_shadow', message: 'No candidate is running in shadow.' },
    });
    await expect(call).rejects.toMatchObject({
      code: 'no_shadow',
      message: 'No candidate is running in shadow.',
    });
  });

  it('times out a request that gets no answer, and counts a late answer as a protocol error', async () => {
    const socket = open();
    const call = client.call('engine:status', {});
    const id = socket.lastRequestId();
    vi.advanceTimersByTime(1_000);
    await expect(call).rejects.toMatchObject({ code: 'timeout' });
    socket.serverSends({ kind: 'response', id, response: engineStatus() });
    expect(client.snapshot().protocolErrors).toBe(1);
  });

  it('refuses requests that fail the request schema without sending them', async () => {
    const socket = open();
    await expect(client.call('alerts:act', { id: '', action: 'ack' })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    expect(socket.sent).toHaveLength(0);
  });

  it('bounds requests in flight', async () => {
    open();
    void client.call('engine:status', {}).catch(() => undefined);
    void client.call('engine:status', {}).catch(() => undefined);
    await expect(client.call('engine:status', {})).rejects.toMatchObject({ code: 'busy' });
  });

  it('refuses calls while not connected', async () => {
    await expect(client.call('engine:status', {})).rejects.toMatchObject({ code: 'disconnected' });
  });

  it('delivers valid event batches and refuses invalid ones without delivering them', () => {
    const socket = open();
    const received: EventBatch[] = [];
    client.onEvents((events) => received.push(events));
    const good = batch(1, [{ type: 'logs', logs: [liveLog()], dropped: 0 }]);
    socket.serverSends({ kind: 'events', batch: good });
    socket.serverSends({
      kind: 'events',
      batch: { seq: 2, at: 0, events: [{ type: 'logs', logs: [{ time: 'x' }] }] },
    });
    expect(received).toEqual([good]);
    expect(client.snapshot().protocolErrors).toBe(1);
    expect(client.snapshot().lastProblem).toMatch(/^event batch: events\.0/);
  });

  it('counts malformed frames and keeps working', async () => {
    const socket = open();
    socket.serverSends('{not json');
    socket.handlers.onMessage(new Uint8Array([1, 2]));
    socket.serverSends({ kind: 'unknown' });
    expect(client.snapshot().protocolErrors).toBe(3);
    expect(warnings).toHaveLength(3);
    const call = client.call('engine:status', {});
    socket.serverSends({ kind: 'response', id: socket.lastRequestId(), response: engineStatus() });
    await expect(call).resolves.toMatchObject({ running: true });
  });

  it('does not let a throwing event listener break the connection', () => {
    const socket = open();
    const received: number[] = [];
    client.onEvents(() => {
      throw new Error('listener bug');
    });
    client.onEvents((events) => received.push(events.seq));
    socket.serverSends({ kind: 'events', batch: batch(7, []) });
    expect(received).toEqual([7]);
    expect(warnings.some((warning) => warning.includes('listener bug'))).toBe(true);
  });

  it('rejects pending calls when the connection drops, then reconnects with backoff', async () => {
    const socket = open();
    let opens = 0;
    client.onOpen(() => opens++);
    const call = client.call('engine:status', {});
    socket.handlers.onClose(1006, '');
    await expect(call).rejects.toMatchObject({ code: 'disconnected' });

    const expectedDelay = backoffDelay(1, DEFAULT_BACKOFF, () => 0.5);
    expect(client.snapshot()).toMatchObject({ phase: 'reconnecting', attempt: 1 });
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(expectedDelay);
    expect(sockets).toHaveLength(2);
    open();
    expect(client.snapshot()).toMatchObject({ phase: 'open', attempt: 0 });
    expect(opens).toBe(1);
  });

  it('ignores callbacks from a socket it has replaced', () => {
    const first = open();
    first.handlers.onClose(1006, '');
    vi.advanceTimersByTime(DEFAULT_BACKOFF.maxMs);
    expect(sockets).toHaveLength(2);
    first.handlers.onOpen();
    first.serverSends('{not json');
    expect(client.snapshot().phase).toBe('reconnecting');
    expect(client.snapshot().protocolErrors).toBe(0);
  });

  it('stops retrying when the host refuses the token', () => {
    const socket = open();
    socket.handlers.onClose(4401, 'invalid token');
    expect(client.snapshot()).toMatchObject({ phase: 'unauthorized', lastProblem: 'invalid token' });
    vi.advanceTimersByTime(DEFAULT_BACKOFF.maxMs * 2);
    expect(sockets).toHaveLength(1);
  });

  it('reconnectNow skips the wait', () => {
    open().handlers.onClose(1006, '');
    client.reconnectNow();
    expect(sockets).toHaveLength(2);
  });

  it('close() stops everything', () => {
    const socket = open();
    client.close();
    expect(socket.closedWith).toBe(1000);
    expect(client.snapshot().phase).toBe('closed');
    socket.handlers.onClose(1000, '');
    vi.advanceTimersByTime(DEFAULT_BACKOFF.maxMs);
    expect(sockets).toHaveLength(1);
  });
});

describe('backoffDelay', () => {
  const noJitter = { ...DEFAULT_BACKOFF, jitter: 0 };
  it('doubles from the base up to the ceiling', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, noJitter, () => 0))).toEqual([
      500, 1000, 2000, 4000,
    ]);
    expect(backoffDelay(30, noJitter, () => 0)).toBe(30_000);
  });
  it('spreads by the jitter fraction either way and never exceeds the ceiling', () => {
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => 0)).toBe(400);
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => 0.999999)).toBe(600);
    expect(backoffDelay(30, DEFAULT_BACKOFF, () => 0.999999)).toBe(30_000);
  });
});
