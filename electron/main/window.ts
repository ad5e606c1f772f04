/** The one main window: hardened preferences, our renderer only, shown when ready. */
import { app, BrowserWindow } from 'electron';
import { pathToFileURL } from 'node:url';
import { preloadScript, rendererIndex } from './paths';
import { hardenWindow } from './security';

/**
 * The dev server's URL when electron-vite serves the renderer (`npm run dev`), or null. An installed
 * build never obeys ELECTRON_RENDERER_URL: otherwise anyone who can set an environment variable
 * could load any page with the preload bridge, and `isOwnUrl` would trust it.
 */
export function devServerUrl(
  env: NodeJS.ProcessEnv = process.env,
  packaged: boolean = app.isPackaged,
): string | null {
  return !packaged && env.ELECTRON_RENDERER_URL ? env.ELECTRON_RENDERER_URL : null;
}

/** In development electron-vite serves the renderer; in production it is a local file. */
export function rendererUrl(
  env: NodeJS.ProcessEnv = process.env,
  packaged: boolean = app.isPackaged,
): string {
  return devServerUrl(env, packaged) ?? pathToFileURL(rendererIndex()).toString();
}

export function isOwnUrl(
  url: string,
  env: NodeJS.ProcessEnv = process.env,
  packaged: boolean = app.isPackaged,
): boolean {
  const own = new URL(rendererUrl(env, packaged));
  try {
    const u = new URL(url);
    return own.protocol === 'file:'
      ? u.protocol === 'file:' && u.pathname === own.pathname
      : u.origin === own.origin;
  } catch {
    return false;
  }
}

export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Vigil',
    backgroundColor: '#0d1117',
    // Written out literally (not spread from a constant) so that static scanners such as
    // electronegativity can verify every setting; tests/unit/electron-security.test.ts checks it too.
    webPreferences: {
      // The preload exposes only the contract's typed API (electron/preload/index.ts), never
      // ipcRenderer, and every IPC handler checks its sender and validates its payload.
      preload: preloadScript(), // eng-disable PRELOAD_JS_CHECK (reviewed: see the comment above)
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      // Middle-click opens links in new windows; there are none to open.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  hardenWindow(window, (url) => isOwnUrl(url));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(rendererUrl());
  return window;
}
