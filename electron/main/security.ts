/**
 * Window hardening in one place: the Content-Security-Policy, and denial of navigation, new
 * windows and permission requests. Kept separate so tests can read the policy.
 */
import type { BrowserWindow, Session } from 'electron';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/**
 * The policy for `npm run dev` only, when electron-vite's dev server serves the renderer: React's
 * refresh preamble is an inline script, Vite injects styles inline and its HMR client talks over a
 * WebSocket to the dev server. Installed builds (file://) always get CONTENT_SECURITY_POLICY.
 */
export function developmentContentSecurityPolicy(devServerUrl: string): string {
  const origin = new URL(devServerUrl);
  const ws = `${origin.protocol === 'https:' ? 'wss:' : 'ws:'}//${origin.host}`;
  return [
    "default-src 'none'",
    `script-src 'self' 'unsafe-inline'`,
    `style-src 'self' 'unsafe-inline'`,
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${ws}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** The policy to enforce: the strict one, unless the renderer comes from the dev server. */
export function contentSecurityPolicy(devServerUrl: string | null): string {
  return devServerUrl === null ? CONTENT_SECURITY_POLICY : developmentContentSecurityPolicy(devServerUrl);
}

/** `devServerUrl`: window.ts `devServerUrl()`, null in every installed build. */
export function hardenSession(session: Session, devServerUrl: string | null = null): void {
  const policy = contentSecurityPolicy(devServerUrl);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] },
    });
  });
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export function hardenWindow(window: BrowserWindow, isOwnUrl: (url: string) => boolean): void {
  const contents = window.webContents;
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isOwnUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isOwnUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
