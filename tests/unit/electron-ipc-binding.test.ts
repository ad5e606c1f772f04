import { describe, expect, it, vi } from 'vitest';
import {
  COMMAND_NAMES,
  commandChannel,
  isHostCommand,
  SettingsView,
  type CommandName,
  type EventBatch,
} from '../../core/contract';
import type { EngineClient } from '../../core/engine/client';
import { EngineError } from '../../core/engine/errors';
import {
  bindCommands,
  makeSenderCheck,
  type HostCommandHandler,
  type InvokeEvent,
  type IpcMainLike,
  type IpcResult,
} from '../../electron/main/ipc-binding';

type Handler = (event: InvokeEvent, payload: unknown) => Promise<unknown>;

/** Records what is registered, like Electron's ipcMain, and lets the test invoke a channel. */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>();
  readonly duplicates: string[] = [];
  handle(channel: string, listener: Handler): void {
    if (this.handlers.has(channel)) this.duplicates.push(channel);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  async invoke(name: CommandName, payload: unknown, event: InvokeEvent = TRUSTED_EVENT): Promise<IpcResult> {
    const handler = this.handlers.get(commandChannel(name));
    if (!handler) throw new Error(`no handler for ${name}`);
    return (await handler(event, payload)) as IpcResult;
  }
}

class FakeEngine implements EngineClient {
  readonly calls: Array<{ name: string; request: unknown }> = [];
  answer: (name: string, request: unknown) => unknown = (name) => ({ answeredBy: 'engine', name });
  call(name: CommandName, request: unknown): Promise<never> {
    this.calls.push({ name, request });
    try {
      return Promise.resolve(this.answer(name, request)) as Promise<never>;
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
  onEvents(_listener: (batch: EventBatch) => void): () => void {
    return () => undefined;
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

const WINDOW_ID = 7;
const APP_URL = 'file:///opt/vigil/resources/app.asar/out/renderer/index.html';
const TRUSTED_EVENT: InvokeEvent = { sender: { id: WINDOW_ID }, senderFrame: { url: APP_URL, parent: null } };

const isOwnUrl = (url: string): boolean => url.startsWith('file:///opt/vigil/');
const senderCheck = makeSenderCheck(() => WINDOW_ID, isOwnUrl);

function setup() {
  const ipcMain = new FakeIpcMain();
  const engine = new FakeEngine();
  const settingsView = SettingsView.parse({ passwordSet: false });
  const host = vi.fn<HostCommandHandler>(() => Promise.resolve(settingsView));
  const rejected: Array<[string, string]> = [];
  const unbind = bindCommands({
    ipcMain,
    engine,
    host,
    isTrustedSender: senderCheck,
    onRejected: (channel, reason) => rejected.push([channel, reason]),
  });
  return { ipcMain, engine, host, rejected, unbind, settingsView };
}

describe('bindCommands', () => {
  it('registers exactly one handler per command, and removes them all on unbind', () => {
    const { ipcMain, unbind } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(COMMAND_NAMES.map(commandChannel).sort());
    expect(ipcMain.duplicates).toEqual([]);
    unbind();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('calls the engine with the parsed request (schema defaults applied)', async () => {
    const { ipcMain, engine, host } = setup();
    const result = await ipcMain.invoke('engine:start', { source: 'demo' });
    expect(result).toEqual({ ok: true, value: { answeredBy: 'engine', name: 'engine:start' } });
    expect(engine.calls).toEqual([
      { name: 'engine:start', request: { source: 'demo', demo: { rate: 200, incidents: true } } },
    ]);
    expect(host).not.toHaveBeenCalled();
  });

  it('refuses a request with an unknown key, naming it, and does not call the engine', async () => {
    const { ipcMain, engine } = setup();
    const result = (await ipcMain.invoke('alerts:list', { limit: 5, extra: 'x' })) as {
      ok: boolean;
      error?: { code: string; message: string };
    };
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('invalid_request');
    expect(result.error?.message).toContain('extra');
    expect(engine.calls).toEqual([]);
  });

  it.each<[string, InvokeEvent]>([
    ['another web contents', { sender: { id: WINDOW_ID + 1 }, senderFrame: { url: APP_URL, parent: null } }],
    ['a subframe', { sender: { id: WINDOW_ID }, senderFrame: { url: APP_URL, parent: {} } }],
    [
      'a foreign page',
      { sender: { id: WINDOW_ID }, senderFrame: { url: 'https://evil.example/', parent: null } },
    ],
    ['a destroyed frame', { sender: { id: WINDOW_ID }, senderFrame: null }],
  ])('refuses %s with forbidden and does not call the engine', async (_what, event) => {
    const { ipcMain, engine, host, rejected } = setup();
    for (const name of COMMAND_NAMES) {
      const payload = name === 'engine:start' ? { source: 'demo' } : {};
      const result = await ipcMain.invoke(name, payload, event);
      expect(result).toEqual({ ok: false, error: { code: 'forbidden', message: 'untrusted sender' } });
    }
    expect(engine.calls).toEqual([]);
    expect(host).not.toHaveBeenCalled();
    expect(rejected).toHaveLength(COMMAND_NAMES.length);
    expect(rejected.every(([, reason]) => reason === 'untrusted sender')).toBe(true);
  });

  it.each<[CommandName, unknown]>([
    ['engine:start', { source: 'ftp' }],
    ['engine:status', { extra: 1 }],
    ['analyze', { logs: [] }],
    ['alerts:act', { id: 'a1', action: 'snooze', durationMs: -5 }],
    ['settings:set', { theme: 'neon' }],
    ['settings:get', null],
  ])('answers an invalid %s payload with invalid_request and calls nobody', async (name, payload) => {
    const { ipcMain, engine, host, rejected } = setup();
    const result = await ipcMain.invoke(name, payload);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('invalid_request');
    expect(engine.calls).toEqual([]);
    expect(host).not.toHaveBeenCalled();
    expect(rejected).toEqual([[commandChannel(name), 'invalid payload']]);
  });

  it('names where an invalid payload is wrong', async () => {
    const { ipcMain } = setup();
    const result = await ipcMain.invoke('alerts:act', { id: 'a1', action: 'snooze', durationMs: -5 });
    expect(!result.ok && result.error.message).toMatch(/^durationMs: /);
  });

  it('sends settings commands to the host, never to the engine', async () => {
    const { ipcMain, engine, host, settingsView } = setup();
    const got = await ipcMain.invoke('settings:get', {});
    expect(got).toEqual({ ok: true, value: settingsView });
    const set = await ipcMain.invoke('settings:set', { theme: 'light' });
    expect(set.ok).toBe(true);
    expect(host).toHaveBeenCalledTimes(2);
    expect(host.mock.calls[0]).toEqual(['settings:get', {}]);
    expect(host.mock.calls[1]?.[0]).toBe('settings:set');
    // The host gets the parsed settings, with every default filled in.
    expect(host.mock.calls[1]?.[1]).toMatchObject({
      theme: 'light',
      kafka: null,
      notifications: { maxPerMinute: 5 },
    });
    expect(engine.calls).toEqual([]);
  });

  it('routes every engine command to the engine and every host command to the host', async () => {
    const { ipcMain, engine, host } = setup();
    const valid: Record<CommandName, unknown> = {
      'engine:start': { source: 'demo' },
      'engine:stop': {},
      'engine:status': {},
      analyze: { logs: ['x'] },
      'alerts:list': {},
      'alerts:act': { id: 'a1', action: 'ack' },
      'patterns:list': {},
      'models:status': {},
      'models:shadow': { id: 'm1' },
      'models:promote': {},
      'models:discard': {},
      'alerts:context': { id: 'a1' },
      'topics:messages': { topic: 'logs', at: 0 },
      'models:list': {},
      'experiments:create': { arms: ['a', 'b'], split: {} },
      'experiments:get': { id: 'ex-1' },
      'experiments:list': {},
      'experiments:act': { id: 'ex-1', action: 'stop' },
      'alerts:verdict': { id: 'a1', verdict: 'noise' },
      'incidents:list': { status: ['snoozed'] },
      'incidents:get': { id: 'in-1' },
      'incidents:act': { id: 'in-1', action: 'note', text: 'looking into it' },
      'logs:query': { from: 0, to: 1 },
      'logs:histogram': { from: 0, to: 1 },
      'history:status': {},
      'fleet:status': {},
      'patterns:alerts': { templateId: 't1' },
      'settings:get': {},
      'settings:set': {},
    };
    for (const name of COMMAND_NAMES) expect((await ipcMain.invoke(name, valid[name])).ok).toBe(true);
    const engineCommands = COMMAND_NAMES.filter((n) => !isHostCommand(n));
    expect(engine.calls.map((c) => c.name)).toEqual(engineCommands);
    expect(host.mock.calls.map((c) => c[0])).toEqual(COMMAND_NAMES.filter((n) => isHostCommand(n)));
  });

  it('turns engine and host errors into { ok: false } with their code, without a stack', async () => {
    const { ipcMain, engine, host } = setup();
    engine.answer = () => {
      throw new EngineError('conflict', 'already running (demo); stop first');
    };
    expect(await ipcMain.invoke('engine:start', { source: 'demo' })).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'already running (demo); stop first' },
    });

    engine.answer = () => {
      throw new TypeError('boom');
    };
    expect(await ipcMain.invoke('engine:status', {})).toEqual({
      ok: false,
      error: { code: 'internal', message: 'boom' },
    });

    host.mockImplementationOnce(() => Promise.reject(new Error('disk full')));
    expect(await ipcMain.invoke('settings:set', {})).toEqual({
      ok: false,
      error: { code: 'internal', message: 'disk full' },
    });
  });
});

describe('makeSenderCheck', () => {
  it('trusts only the top frame of the current window showing our own page', () => {
    expect(senderCheck(TRUSTED_EVENT)).toBe(true);
    expect(senderCheck({ ...TRUSTED_EVENT, sender: { id: 8 } })).toBe(false);
    expect(senderCheck({ ...TRUSTED_EVENT, senderFrame: { url: APP_URL, parent: { url: APP_URL } } })).toBe(
      false,
    );
    expect(
      senderCheck({ ...TRUSTED_EVENT, senderFrame: { url: 'file:///tmp/evil.html', parent: null } }),
    ).toBe(false);
    expect(senderCheck({ ...TRUSTED_EVENT, senderFrame: null })).toBe(false);
  });

  it('trusts nobody while there is no window', () => {
    const check = makeSenderCheck(
      () => null,
      () => true,
    );
    expect(check(TRUSTED_EVENT)).toBe(false);
  });

  it('follows the window as it is recreated', () => {
    let id: number | null = 1;
    const check = makeSenderCheck(() => id, isOwnUrl);
    const from = (senderId: number): InvokeEvent => ({ ...TRUSTED_EVENT, sender: { id: senderId } });
    expect(check(from(1))).toBe(true);
    id = 2;
    expect(check(from(1))).toBe(false);
    expect(check(from(2))).toBe(true);
  });
});
