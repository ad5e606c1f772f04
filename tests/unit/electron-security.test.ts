import type { BrowserWindow, Session } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  contentSecurityPolicy,
  developmentContentSecurityPolicy,
  hardenSession,
  hardenWindow,
} from '../../electron/main/security';

/** Records the options of every BrowserWindow the code under test creates. */
const created = vi.hoisted(() => [] as Array<Record<string, unknown>>);
vi.mock('electron', () => {
  class BrowserWindow {
    webContents = { setWindowOpenHandler: () => undefined, on: () => undefined };
    constructor(options: Record<string, unknown>) {
      created.push(options);
    }
    once(): void {}
    loadURL(): Promise<void> {
      return Promise.resolve();
    }
  }
  return { BrowserWindow, app: { isPackaged: false, getAppPath: () => '/app', getPath: () => '/tmp' } };
});

/** directive → its sources, from a CSP header value. */
function directives(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) {
      expect(out.has(name), `directive ${name} appears twice`).toBe(false);
      out.set(name, sources);
    }
  }
  return out;
}

describe('CONTENT_SECURITY_POLICY', () => {
  const csp = directives(CONTENT_SECURITY_POLICY);

  it('denies everything by default', () => {
    expect(csp.get('default-src')).toEqual(["'none'"]);
  });

  it('runs only our own scripts: no eval, no inline script, no remote origin', () => {
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toContain("'unsafe-eval'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('wasm-unsafe-eval');
  });

  it('allows inline styles only for styles, and connects only to our own origin', () => {
    for (const [name, sources] of csp) {
      if (sources.includes("'unsafe-inline'")) expect(name).toBe('style-src');
      expect(sources.some((s) => s === '*' || s.startsWith('http:') || s.startsWith('https:'))).toBe(false);
    }
    expect(csp.get('connect-src')).toEqual(["'self'"]);
  });

  it('forbids plugins, framing, base rewriting and form posts', () => {
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
  });
});

describe('the main window', () => {
  it('sandboxes and isolates the renderer without Node', async () => {
    const { createMainWindow } = await import('../../electron/main/window');
    createMainWindow();
    const webPreferences = created.at(-1)?.webPreferences as Record<string, unknown>;
    expect(String(webPreferences.preload)).toMatch(/preload[\\/]index\.js$/);
    expect(webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

type Listener = (...args: unknown[]) => unknown;

/** Just the parts of a Session that hardenSession touches, recording the handlers it installs. */
function fakeSession() {
  const handlers: Record<string, Listener> = {};
  const session = {
    webRequest: { onHeadersReceived: (h: Listener) => (handlers.headers = h) },
    setPermissionRequestHandler: (h: Listener) => (handlers.permissionRequest = h),
    setPermissionCheckHandler: (h: Listener) => (handlers.permissionCheck = h),
  };
  return { session: session as unknown as Session, handlers };
}

function fakeWindow() {
  const on: Record<string, Listener> = {};
  let openHandler: Listener | null = null;
  const window = {
    webContents: {
      setWindowOpenHandler: (h: Listener) => (openHandler = h),
      on: (name: string, h: Listener) => (on[name] = h),
    },
  };
  return { window: window as unknown as BrowserWindow, on, openHandler: () => openHandler };
}

describe('hardenSession', () => {
  it('adds the CSP to every response, keeping the other headers', () => {
    const { session, handlers } = fakeSession();
    hardenSession(session);
    const callback = vi.fn();
    handlers.headers!({ responseHeaders: { 'X-Other': ['1'] } }, callback);
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });

  it('keeps the strict policy when no dev server is in use (every installed build)', () => {
    const { session, handlers } = fakeSession();
    hardenSession(session, null);
    const callback = vi.fn();
    handlers.headers!({ responseHeaders: {} }, callback);
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });

  it("relaxes the policy for electron-vite's dev server only (issue 17 item 8)", () => {
    const { session, handlers } = fakeSession();
    hardenSession(session, 'http://localhost:5173/');
    const callback = vi.fn();
    handlers.headers!({ responseHeaders: {} }, callback);
    const sent = (callback.mock.calls[0]![0] as { responseHeaders: Record<string, string[]> })
      .responseHeaders['Content-Security-Policy']![0]!;
    const dev = directives(sent);
    // React's refresh preamble is an inline script; Vite injects <style> tags; HMR uses a WebSocket.
    expect(dev.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev.get('connect-src')).toEqual(["'self'", 'ws://localhost:5173']);
    // Still no eval, no remote origins, no plugins or framing.
    expect(sent).not.toContain("'unsafe-eval'");
    expect(dev.get('default-src')).toEqual(["'none'"]);
    expect(dev.get('object-src')).toEqual(["'none'"]);
    expect(dev.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('chooses the policy from the dev server URL alone', () => {
    expect(contentSecurityPolicy(null)).toBe(CONTENT_SECURITY_POLICY);
    expect(contentSecurityPolicy('https://127.0.0.1:5173')).toBe(
      developmentContentSecurityPolicy('https://127.0.0.1:5173'),
    );
    expect(contentSecurityPolicy('https://127.0.0.1:5173')).toContain('wss://127.0.0.1:5173');
  });

  it('denies every permission request and check', () => {
    const { session, handlers } = fakeSession();
    hardenSession(session);
    const callback = vi.fn();
    handlers.permissionRequest!({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(handlers.permissionCheck!({}, 'notifications')).toBe(false);
  });
});

describe('hardenWindow', () => {
  const own = (url: string) => url.startsWith('file:///app/');

  it('denies new windows and webviews', () => {
    const { window, on, openHandler } = fakeWindow();
    hardenWindow(window, own);
    expect(openHandler()!({ url: 'file:///app/index.html' })).toEqual({ action: 'deny' });
    const event = { preventDefault: vi.fn() };
    on['will-attach-webview']!(event);
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it.each(['will-navigate', 'will-redirect'])('blocks %s to a foreign URL only', (name) => {
    const { window, on } = fakeWindow();
    hardenWindow(window, own);
    const foreign = { preventDefault: vi.fn() };
    on[name]!(foreign, 'https://evil.example/');
    expect(foreign.preventDefault).toHaveBeenCalled();
    const ours = { preventDefault: vi.fn() };
    on[name]!(ours, 'file:///app/index.html#/alerts');
    expect(ours.preventDefault).not.toHaveBeenCalled();
  });
});
