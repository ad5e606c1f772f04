/**
 * The app's start-up and shut-down order, behind a small seam so it can be tested without Electron:
 *
 * - on Windows the AppUserModelID is declared before anything else, or no toast is ever shown;
 * - a second launch quits at once; the first one focuses its window, but only once start-up has
 *   bound the IPC handlers (a window opened earlier would talk to nobody);
 * - any failure of start-up (not just of `whenReady`) goes to `fatal`, which tells the user why and
 *   quits: an app with no window and no tray must never linger holding the single-instance lock;
 * - quitting gives the engine `closeTimeoutMs` to commit and flush, then exits regardless.
 */
export interface LifecycleApp {
  requestSingleInstanceLock(): boolean;
  whenReady(): Promise<unknown>;
  on(event: 'second-instance' | 'activate' | 'window-all-closed', listener: () => void): unknown;
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
  exit(code?: number): void;
  setAppUserModelId(id: string): void;
}

export interface LifecycleHooks {
  /** Everything start-up does: engine, window, IPC handlers, tray. */
  main(): Promise<void>;
  /** Shows (creating if needed) and focuses the main window. */
  showWindow(): void;
  /** Reports a start-up failure to the user and ends the process. */
  fatal(error: unknown): void | Promise<void>;
  /** Closes the engine if one runs (null when there is none). */
  closeEngine(): Promise<void> | null;
  /** Last steps before the process exits (tray, ...). */
  beforeExit(): void;
  log?: (message: string) => void;
}

export interface LifecycleOptions {
  platform: NodeJS.Platform;
  appId: string;
  closeTimeoutMs: number;
}

export const ENGINE_CLOSE_TIMEOUT_MS = 10_000;

export type LifecycleState = 'starting' | 'ready' | 'failed' | 'quitting' | 'not-primary';

/** Wires the app's events; returns a probe of the current state (for tests and diagnostics). */
export function runLifecycle(
  app: LifecycleApp,
  hooks: LifecycleHooks,
  options: LifecycleOptions,
): () => LifecycleState {
  const log = hooks.log ?? ((message: string) => console.error(message));
  if (options.platform === 'win32') app.setAppUserModelId(options.appId);
  let state: LifecycleState = 'starting';
  if (!app.requestSingleInstanceLock()) {
    state = 'not-primary';
    app.quit();
    return () => state;
  }
  let showWhenReady = false;
  const show = (): void => {
    if (state === 'ready') hooks.showWindow();
    else if (state === 'starting') showWhenReady = true;
  };
  app.on('second-instance', show);
  // macOS: clicking the Dock icon with no window open.
  app.on('activate', show);
  app.on('window-all-closed', () => {
    // The engine keeps watching from the tray; quitting is explicit.
  });
  app.on('before-quit', (event) => {
    if (state === 'quitting') return;
    const closing = hooks.closeEngine();
    if (!closing) return;
    event.preventDefault();
    state = 'quitting';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        log(`[vigil] engine did not close within ${options.closeTimeoutMs} ms; exiting anyway`);
        resolve();
      }, options.closeTimeoutMs);
    });
    void Promise.race([
      closing.catch((error: unknown) => log(`[vigil] engine shutdown failed: ${errorText(error)}`)),
      timeout,
    ]).finally(() => {
      clearTimeout(timer);
      hooks.beforeExit();
      app.exit(0);
    });
  });
  app
    .whenReady()
    .then(() => hooks.main())
    .then(() => {
      state = 'ready';
      if (showWhenReady) hooks.showWindow();
    })
    .catch(async (error: unknown) => {
      state = 'failed';
      try {
        await hooks.fatal(error);
      } catch (reportError) {
        log(`[vigil] could not report the fatal error: ${errorText(reportError)}`);
        app.exit(1);
      }
    });
  return () => state;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
