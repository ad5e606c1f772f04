/** The one main window: hardened preferences, our renderer only, shown when ready. */
import { BrowserWindow } from 'electron';
import { pathToFileURL } from 'node:url';
import { preloadScript, rendererIndex } from './paths';
import { SECURE_WEB_PREFERENCES, hardenWindow } from './security';

/** In development electron-vite serves the renderer; in production it is a local file. */
export function rendererUrl(): string {
  return process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(rendererIndex()).toString();
}

export function isOwnUrl(url: string): boolean {
  const own = new URL(rendererUrl());
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
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: preloadScript() },
  });
  hardenWindow(window, isOwnUrl);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(rendererUrl());
  return window;
}
