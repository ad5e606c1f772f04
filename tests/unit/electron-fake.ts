/**
 * A fake of the parts of Electron that electron/main/index.ts uses, recording what the app does
 * with them, plus a fake engine worker. Tests install it with
 * `vi.mock('electron', () => import('./electron-fake').then((m) => m.electronModule()))`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import type { EventBatch } from '../../core/contract';

type Listener = (...args: unknown[]) => unknown;

/**
 * Shared through globalThis: the test and the mocked 'electron' may load this file as two module
 * instances (vi.resetModules), and both must see one fake.
 */
const shared = globalThis as unknown as Record<string, unknown>;
function once<T>(key: string, make: () => T): T {
  return (shared[key] ??= make()) as T;
}

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    const wrapped: Listener = (...args) => {
      this.listeners.set(
        event,
        (this.listeners.get(event) ?? []).filter((l) => l !== wrapped),
      );
      return listener(...args);
    };
    return this.on(event, wrapped);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args);
  }
}

let nextId = 1;

export class FakeWebContents extends Emitter {
  readonly id = nextId++;
  loading = false;
  destroyed = false;
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  isLoading(): boolean {
    return this.loading;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(): void {}
  /** The page finished loading: what Chromium reports with did-finish-load. */
  finishLoad(): void {
    this.loading = false;
    this.emit('did-finish-load');
  }
}

export class FakeBrowserWindow extends Emitter {
  static readonly instances: FakeBrowserWindow[] = once('__vigilFakeFakeBrowserWindow', () => []);
  readonly webContents = new FakeWebContents();
  destroyed = false;
  shown = 0;
  focused = 0;
  url: string | null = null;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
    state.calls.push('new BrowserWindow');
  }
  loadURL(url: string): Promise<void> {
    this.url = url;
    this.webContents.loading = true;
    return Promise.resolve();
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  show(): void {
    this.shown++;
  }
  focus(): void {
    this.focused++;
  }
  /** The user closed the window. */
  close(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
  }
}

export class FakeNotification extends Emitter {
  static readonly instances: FakeNotification[] = once('__vigilFakeFakeNotification', () => []);
  static isSupported(): boolean {
    return true;
  }
  shown = false;
  constructor(readonly options: { title: string; body: string; urgency: string }) {
    super();
    FakeNotification.instances.push(this);
  }
  show(): void {
    this.shown = true;
  }
}

class FakeTray extends Emitter {
  static readonly instances: FakeTray[] = once('__vigilFakeFakeTray', () => []);
  menu: Array<{ label?: string; click?: () => void }> = [];
  destroyed = false;
  constructor() {
    super();
    FakeTray.instances.push(this);
  }
  setImage(): void {}
  setToolTip(): void {}
  setContextMenu(menu: Array<{ label?: string; click?: () => void }>): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export interface FakeEngine {
  call: ReturnType<typeof vi.fn>;
  listeners: Array<(batch: EventBatch) => void>;
  close: ReturnType<typeof vi.fn>;
  onEvents(listener: (batch: EventBatch) => void): () => void;
  emit(batch: EventBatch): void;
}

export function fakeEngine(close: () => Promise<void> = () => Promise.resolve()): FakeEngine {
  const listeners: Array<(batch: EventBatch) => void> = [];
  return {
    call: vi.fn((name: string) => Promise.resolve(name === 'alerts:list' ? { alerts: [] } : {})),
    listeners,
    close: vi.fn(close),
    onEvents: (listener) => {
      listeners.push(listener);
      return () => listeners.splice(listeners.indexOf(listener), 1);
    },
    emit: (batch) => listeners.forEach((l) => l(batch)),
  };
}

/** Everything a test sets up or inspects; reset before each test. */
export const state = once('__vigilFakeState', () => ({
  calls: [] as string[],
  lock: true,
  userData: '',
  app: new Emitter(),
  handlers: new Map<string, Listener>(),
  dialogResponse: 1,
  /** What startEngineWorker does. */
  startEngine: (): Promise<unknown> => Promise.reject(new Error('no engine configured')),
  exit: vi.fn<(code?: number) => void>(),
  quit: vi.fn<() => void>(),
  setAppUserModelId: vi.fn<(id: string) => void>(),
  showMessageBox: vi.fn<(options: unknown) => Promise<{ response: number }>>(),
  openPath: vi.fn<(path: string) => Promise<string>>(),
  /** utilityProcess.fork; unset, it throws (tests that need it set it). */
  forkUtility: null as ((modulePath: string, args: string[], options: unknown) => unknown) | null,
}));

export function resetFake(): void {
  state.calls = [];
  state.lock = true;
  state.userData = mkdtempSync(join(tmpdir(), 'vigil-electron-'));
  state.app = new Emitter();
  state.handlers = new Map();
  state.dialogResponse = 1;
  state.exit = vi.fn((code?: number) => void state.calls.push(`exit ${code ?? 0}`));
  state.quit = vi.fn(() => void state.calls.push('quit'));
  state.setAppUserModelId = vi.fn((id: string) => void state.calls.push(`setAppUserModelId ${id}`));
  state.showMessageBox = vi.fn(() => Promise.resolve({ response: state.dialogResponse }));
  state.openPath = vi.fn(() => Promise.resolve(''));
  state.forkUtility = null;
  FakeBrowserWindow.instances.length = 0;
  FakeNotification.instances.length = 0;
  FakeTray.instances.length = 0;
}

export const trays = (): FakeTray[] => FakeTray.instances;

export function electronModule(): Record<string, unknown> {
  const app = {
    isPackaged: false,
    getAppPath: () => join(__dirname, '../..'),
    getPath: (name: string) => join(state.userData, name),
    setPath: () => undefined,
    requestSingleInstanceLock: () => state.lock,
    whenReady: () => {
      state.calls.push('whenReady');
      return Promise.resolve();
    },
    on: (event: string, listener: Listener) => state.app.on(event, listener),
    quit: () => state.quit(),
    exit: (code?: number) => state.exit(code),
    setAppUserModelId: (id: string) => state.setAppUserModelId(id),
  };
  return {
    app,
    BrowserWindow: FakeBrowserWindow,
    Notification: FakeNotification,
    Tray: FakeTray,
    Menu: { buildFromTemplate: (template: unknown) => template },
    nativeImage: { createFromBitmap: () => ({}) },
    ipcMain: {
      handle: (channel: string, handler: Listener) => {
        state.calls.push(`handle ${channel}`);
        state.handlers.set(channel, handler);
      },
      removeHandler: (channel: string) => state.handlers.delete(channel),
    },
    safeStorage: {
      isEncryptionAvailable: () => false,
      getSelectedStorageBackend: () => 'basic_text',
      encryptString: () => Buffer.alloc(0),
      decryptString: () => '',
    },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: () => undefined },
        setPermissionRequestHandler: () => undefined,
        setPermissionCheckHandler: () => undefined,
      },
    },
    dialog: { showMessageBox: (options: unknown) => state.showMessageBox(options) },
    MessageChannelMain: class {
      readonly port1: FakePort;
      readonly port2: FakePort;
      constructor() {
        ({ port1: this.port1, port2: this.port2 } = fakeChannel());
      }
    },
    utilityProcess: {
      fork: (modulePath: string, args: string[], options: unknown) => {
        if (!state.forkUtility) throw new Error('utilityProcess.fork is not set up in this test');
        return state.forkUtility(modulePath, args, options);
      },
    },
    shell: { openPath: (path: string) => state.openPath(path) },
  };
}

/** One end of a fake MessageChannelMain: messages posted before start() wait, as in Electron. */
export class FakePort {
  other: FakePort | null = null;
  private started = false;
  private readonly queue: unknown[] = [];
  private readonly listeners: Array<(event: { data: unknown; ports: FakePort[] }) => void> = [];
  closed = false;
  postMessage(message: unknown): void {
    if (this.closed || !this.other) return;
    const target = this.other;
    queueMicrotask(() => target.receive(message));
  }
  on(_event: 'message', listener: (event: { data: unknown; ports: FakePort[] }) => void): this {
    this.listeners.push(listener);
    return this;
  }
  start(): void {
    this.started = true;
    for (const message of this.queue.splice(0)) this.deliver(message);
  }
  close(): void {
    this.closed = true;
  }
  private receive(message: unknown): void {
    if (this.started) this.deliver(message);
    else this.queue.push(message);
  }
  private deliver(message: unknown): void {
    for (const listener of this.listeners) listener({ data: message, ports: [] });
  }
}

export function fakeChannel(): { port1: FakePort; port2: FakePort } {
  const port1 = new FakePort();
  const port2 = new FakePort();
  port1.other = port2;
  port2.other = port1;
  return { port1, port2 };
}
