/**
 * Issue 17 item 7: ELECTRON_RENDERER_URL belongs to `npm run dev`. An installed build must load its
 * own file and trust only it, whatever the environment says.
 */
import { describe, expect, it, vi } from 'vitest';
import { devServerUrl, isOwnUrl, rendererUrl } from '../../electron/main/window';

vi.mock('electron', () => ({
  app: { isPackaged: true, getAppPath: () => '/app', getPath: () => '/tmp' },
  BrowserWindow: class {},
}));

const hostile = { ELECTRON_RENDERER_URL: 'https://evil.example/' };

describe('the renderer URL', () => {
  it('ignores ELECTRON_RENDERER_URL in a packaged app (the default reads app.isPackaged)', () => {
    process.env.ELECTRON_RENDERER_URL = hostile.ELECTRON_RENDERER_URL;
    try {
      expect(devServerUrl()).toBeNull();
      expect(rendererUrl()).toMatch(/^file:\/\/.*renderer[\\/]index\.html$/);
      expect(isOwnUrl('https://evil.example/')).toBe(false);
    } finally {
      delete process.env.ELECTRON_RENDERER_URL;
    }
  });

  it('ignores it when packaged, given explicitly', () => {
    expect(devServerUrl(hostile, true)).toBeNull();
    expect(rendererUrl(hostile, true).startsWith('file:')).toBe(true);
    expect(isOwnUrl('https://evil.example/index.html', hostile, true)).toBe(false);
    expect(isOwnUrl(rendererUrl(hostile, true), hostile, true)).toBe(true);
  });

  it('obeys it in development (electron-vite dev), trusting only that origin', () => {
    const dev = { ELECTRON_RENDERER_URL: 'http://localhost:5173/' };
    expect(devServerUrl(dev, false)).toBe('http://localhost:5173/');
    expect(rendererUrl(dev, false)).toBe('http://localhost:5173/');
    expect(isOwnUrl('http://localhost:5173/#/alerts', dev, false)).toBe(true);
    expect(isOwnUrl('http://localhost:5174/', dev, false)).toBe(false);
  });

  it('uses the local file in development without the variable', () => {
    expect(devServerUrl({}, false)).toBeNull();
    expect(rendererUrl({}, false).startsWith('file:')).toBe(true);
  });
});
