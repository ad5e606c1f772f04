/**
 * electron/main/index.ts as a whole, on a fake Electron (./electron-fake.ts) and a fake engine
 * worker: start-up failures, the order of start-up, notifications and quitting (issue 17 items 1,
 * 4, 5, 6 and 11). Each test loads a fresh copy of the module, as a fresh process would.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EVENTS_CHANNEL, NAVIGATE_CHANNEL, type EventBatch } from '../../core/contract';
import type * as FakeModule from './electron-fake';
import { makeAlert } from './engine-fixtures';
import { engineStatus } from './renderer-fixtures';

vi.mock('electron', () => import('./electron-fake').then((m) => m.electronModule()));
vi.mock('../../electron/main/engine-process', () =>
  import('./electron-fake').then((m) => ({ startEngineProcess: () => m.state.startEngine() })),
);

type Fake = typeof FakeModule;

/** Loads the main process module afresh with `setup` applied to a fresh fake. */
async function boot(setup: (fake: Fake) => void = () => undefined): Promise<Fake> {
  vi.resetModules();
  const fake = await import('./electron-fake');
  fake.resetFake();
  setup(fake);
  await import('../../electron/main/index');
  return fake;
}

/** Waits until the app's start-up has bound its IPC handlers (or gave up). */
async function ready(fake: Fake): Promise<void> {
  await vi.waitFor(() => expect(fake.state.handlers.size).toBeGreaterThan(0));
  // The tray is created after the handlers, in the same turn; the lifecycle marks ready after it.
  await new Promise((resolve) => setTimeout(resolve, 0));
}

const realPlatform = process.platform;
afterEach(() => {
  Object.defineProperty(process, 'platform', { value: realPlatform });
  vi.useRealTimers();
});

describe('a failed start-up (item 1)', () => {
  it('shows the reason, offers the logs, and quits instead of lingering invisible', async () => {
    const fake = await boot((f) => {
      f.state.startEngine = () => Promise.reject(new Error('engine worker exited with code 134'));
      f.state.dialogResponse = 0; // "Open logs"
    });
    await vi.waitFor(() => expect(fake.state.exit).toHaveBeenCalledWith(1));
    const [options] = fake.state.showMessageBox.mock.calls[0] as [{ detail: string; buttons: string[] }];
    expect(options.detail).toContain('engine worker exited with code 134');
    expect(options.buttons).toEqual(['Open logs', 'Quit']);
    expect(fake.state.openPath).toHaveBeenCalledWith(expect.stringContaining('logs'));
    expect(fake.FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('quits the second instance at once without starting anything', async () => {
    const fake = await boot((f) => (f.state.lock = false));
    expect(fake.state.quit).toHaveBeenCalled();
    expect(fake.state.calls).not.toContain('whenReady');
  });
});

describe('Windows notifications (item 4)', () => {
  it("declares electron-builder's appId as the AppUserModelID before the app is ready", async () => {
    Object.defineProperty(process, 'platform', { value: 'win32' });
    const fake = await boot((f) => (f.state.startEngine = () => Promise.resolve(f.fakeEngine())));
    const set = fake.state.calls.indexOf('setAppUserModelId dev.vigil.console');
    expect(set).toBeGreaterThanOrEqual(0);
    expect(set).toBeLessThan(fake.state.calls.indexOf('whenReady'));
  });

  it('does not declare one elsewhere', async () => {
    Object.defineProperty(process, 'platform', { value: 'linux' });
    const fake = await boot((f) => (f.state.startEngine = () => Promise.resolve(f.fakeEngine())));
    expect(fake.state.setAppUserModelId).not.toHaveBeenCalled();
  });
});

describe('windows and start-up order (item 11)', () => {
  it('a second launch during start-up opens no window before the IPC handlers are bound', async () => {
    let release: (engine: unknown) => void = () => undefined;
    const fake = await boot((f) => {
      f.state.startEngine = () => new Promise((resolve) => (release = resolve));
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    fake.state.app.emit('second-instance');
    expect(fake.FakeBrowserWindow.instances).toHaveLength(0);
    release(fake.fakeEngine());
    await ready(fake);
    const firstWindow = fake.state.calls.indexOf('new BrowserWindow');
    const lastHandler = fake.state.calls.findLastIndex((c) => c.startsWith('handle '));
    expect(firstWindow).toBeGreaterThanOrEqual(0);
    // The one window exists and is shown; any window creation happened with handlers bound in the same turn.
    expect(fake.FakeBrowserWindow.instances).toHaveLength(1);
    expect(lastHandler).toBeGreaterThan(firstWindow);
    await vi.waitFor(() => expect(fake.FakeBrowserWindow.instances[0]!.focused).toBeGreaterThan(0));
  });

  it('a second launch after start-up focuses the existing window', async () => {
    const fake = await boot((f) => (f.state.startEngine = () => Promise.resolve(f.fakeEngine())));
    await ready(fake);
    fake.state.app.emit('second-instance');
    expect(fake.FakeBrowserWindow.instances).toHaveLength(1);
    expect(fake.FakeBrowserWindow.instances[0]!.focused).toBe(1);
  });

  it('macOS activate reopens the window after it was closed', async () => {
    const fake = await boot((f) => (f.state.startEngine = () => Promise.resolve(f.fakeEngine())));
    await ready(fake);
    fake.FakeBrowserWindow.instances[0]!.close();
    fake.state.app.emit('activate');
    expect(fake.FakeBrowserWindow.instances).toHaveLength(2);
    expect(fake.FakeBrowserWindow.instances[1]!.shown).toBe(1);
  });

  it('quitting waits for the engine at most ENGINE_CLOSE_TIMEOUT_MS, then exits', async () => {
    const { ENGINE_CLOSE_TIMEOUT_MS } = await import('../../electron/main/lifecycle');
    let engine: ReturnType<Fake['fakeEngine']> | null = null;
    const fake = await boot((f) => {
      engine = f.fakeEngine(() => new Promise<void>(() => undefined)); // never closes
      f.state.startEngine = () => Promise.resolve(engine);
    });
    await ready(fake);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const event = { preventDefault: vi.fn() };
    fake.state.app.emit('before-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(engine!.close).toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(ENGINE_CLOSE_TIMEOUT_MS - 1);
    expect(fake.state.exit).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.state.exit).toHaveBeenCalledWith(0);
    expect(fake.trays()[0]!.destroyed).toBe(true);
  });

  it("the tray's Quit closes the engine and exits", async () => {
    let engine: ReturnType<Fake['fakeEngine']> | null = null;
    const fake = await boot((f) => {
      engine = f.fakeEngine();
      f.state.startEngine = () => Promise.resolve(engine);
    });
    await ready(fake);
    fake.state.quit.mockImplementation(() =>
      fake.state.app.emit('before-quit', { preventDefault: () => undefined }),
    );
    fake.trays()[0]!.menu.find((item) => item.label === 'Quit')!.click!();
    await vi.waitFor(() => expect(fake.state.exit).toHaveBeenCalledWith(0));
    expect(engine!.close).toHaveBeenCalledTimes(1);
  });
});

describe('notifications (items 5 and 6)', () => {
  const critical = makeAlert('a-1', { level: 'critical', title: 'Disk full' });
  const notifyBatch = {
    seq: 1,
    at: 1,
    events: [{ type: 'notify' as const, alerts: [critical], suppressed: 0 }],
  };

  async function running(): Promise<{ fake: Fake; engine: ReturnType<Fake['fakeEngine']> }> {
    let engine: ReturnType<Fake['fakeEngine']> | null = null;
    const fake = await boot((f) => {
      engine = f.fakeEngine();
      f.state.startEngine = () => Promise.resolve(engine);
    });
    await ready(fake);
    await vi.waitFor(() => expect(engine!.listeners.length).toBeGreaterThan(0));
    return { fake, engine: engine! };
  }

  it('a click with the window closed opens the alert once the new page has loaded', async () => {
    const { fake, engine } = await running();
    fake.FakeBrowserWindow.instances[0]!.close();
    engine.emit(notifyBatch);
    const notification = fake.FakeNotification.instances[0]!;
    expect(notification.shown).toBe(true);
    notification.emit('click');
    const reopened = fake.FakeBrowserWindow.instances[1]!;
    expect(reopened).toBeDefined();
    const navigations = () => reopened.webContents.sent.filter((m) => m.channel === NAVIGATE_CHANNEL);
    expect(navigations()).toHaveLength(0);
    reopened.webContents.finishLoad();
    expect(navigations()).toEqual([
      { channel: NAVIGATE_CHANNEL, payload: { view: 'alerts', alertId: 'a-1' } },
    ]);
  });

  it('a click with the window open navigates at once', async () => {
    const { fake, engine } = await running();
    const window = fake.FakeBrowserWindow.instances[0]!;
    window.webContents.finishLoad();
    engine.emit(notifyBatch);
    fake.FakeNotification.instances[0]!.emit('click');
    expect(window.webContents.sent.filter((m) => m.channel === NAVIGATE_CHANNEL)).toHaveLength(1);
  });

  it('a notification the OS refuses is reported in the tray, not lost silently', async () => {
    const { fake, engine } = await running();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    engine.emit(notifyBatch);
    fake.FakeNotification.instances[0]!.emit('failed', {}, 'UNErrorCodeNotificationsNotAllowed');
    const labels = fake.trays()[0]!.menu.map((item) => item.label ?? '');
    expect(labels.some((l) => l.includes('Notifications failing (1)'))).toBe(true);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('UNErrorCodeNotificationsNotAllowed'));
    warn.mockRestore();
  });

  it('a notification the OS refuses shows in the health the window receives', async () => {
    const { fake, engine } = await running();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    engine.emit(notifyBatch);
    fake.FakeNotification.instances[0]!.emit('failed', {}, 'UNErrorCodeNotificationsNotAllowed');
    engine.emit({ seq: 2, at: 2, events: [{ type: 'status', status: engineStatus() }] });
    const window = fake.FakeBrowserWindow.instances[0]!;
    await vi.waitFor(() => {
      const batches = window.webContents.sent.filter((m) => m.channel === EVENTS_CHANNEL);
      const statuses = batches
        .flatMap((m) => (m.payload as EventBatch).events)
        .filter((e) => e.type === 'status');
      const health = statuses.at(-1)?.type === 'status' ? statuses.at(-1)!.status.health : null;
      expect(health?.status).toBe('degraded');
      expect(health?.reasons.join(' ')).toContain(
        'desktop notifications failing (1): UNErrorCodeNotificationsNotAllowed',
      );
    });
    // And in answers to engine:status through the IPC binding, asked by the window's own page.
    const status = engineStatus();
    engine.call.mockResolvedValue(status);
    const handler = fake.state.handlers.get('vigil:cmd:engine:status')!;
    const answer = (await handler(
      { sender: { id: window.webContents.id }, senderFrame: { url: window.url, parent: null } },
      {},
    )) as { ok: boolean; value: { health: { status: string; reasons: string[] } } };
    expect(answer.ok).toBe(true);
    expect(answer.value.health.status).toBe('degraded');
    expect(answer.value.health.reasons.join(' ')).toContain('desktop notifications failing (1)');
    warn.mockRestore();
  });
});
