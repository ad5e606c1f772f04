/**
 * Picks the carrier and wires it to the stores:
 * - Electron: the preload's `window.vigil`, validated like everything else;
 * - browser: the headless host's WebSocket, with the token taken from the URL or this tab's storage;
 * - a file:// page without the bridge: nothing can work, which the UI says plainly.
 * Every (re)connect and every gap in the batch sequence triggers a full resync of the stores.
 */
import { NavigateRequest, type VigilDesktopApi } from '../../core/contract';
import { createBatchSequencer } from './stores/dispatch';
import { useConnectionStore } from './stores/connection';
import { useUiStore, type Theme } from './stores/ui';
import { findBridge, validatedBridge } from './transport/bridge';
import { openBrowserSocket } from './transport/browser-socket';
import { hostSocketUrl } from './transport/host-url';
import { INITIAL_CONNECTION } from './transport/connection';
import { createResync, setApi } from './transport/session';
import { forgetToken, takeToken, TOKEN_STORAGE_KEY, type StorageLike } from './transport/token';
import { createWsClient, type WsClient } from './transport/ws-client';
import { rememberTheme, storedTheme } from './lib/theme';

export interface Connection {
  /** Skips the reconnect backoff wait (WebSocket only). */
  retryNow: () => void;
  /** Connects with a token the user pasted on the token screen. */
  connectWithToken: (token: string) => void;
}

/** Storage that cannot throw: some sandboxes deny storage access outright. */
function storageOrMemory(get: () => Storage): StorageLike {
  try {
    const storage = get();
    storage.getItem(TOKEN_STORAGE_KEY);
    return storage;
  } catch {
    const memory = new Map<string, string>();
    return {
      getItem: (key) => memory.get(key) ?? null,
      setItem: (key, value) => void memory.set(key, value),
      removeItem: (key) => void memory.delete(key),
    };
  }
}

export const localStore: StorageLike = storageOrMemory(() => window.localStorage);
const sessionStore: StorageLike = storageOrMemory(() => window.sessionStorage);

/**
 * The theme attribute is set from a store subscription, which runs synchronously inside `setState`,
 * i.e. before React re-renders: components that read theme colors in their effects (the charts)
 * then see the new values. An effect in App would run after its children's effects.
 */
function followTheme(): void {
  const apply = (theme: Theme) => {
    document.documentElement.dataset.theme = theme;
    rememberTheme(localStore, theme);
  };
  useUiStore.setState({ theme: storedTheme(localStore) });
  apply(useUiStore.getState().theme);
  useUiStore.subscribe((state, previous) => {
    if (state.theme !== previous.theme) apply(state.theme);
  });
}

export function startConnection(): Connection {
  followTheme();
  const resync = createResync();
  const sequencer = createBatchSequencer(resync);
  let client: WsClient | null = null;

  function countProtocolError(problem: string): void {
    console.warn(`[vigil] refused a message from the bridge: ${problem}`);
    useConnectionStore.setState((state) => ({
      link: { ...state.link, protocolErrors: state.link.protocolErrors + 1, lastProblem: problem },
    }));
  }

  function connectWebSocket(token: string): void {
    client?.close();
    const next = createWsClient({
      url: hostSocketUrl(window.location, token),
      openSocket: openBrowserSocket,
    });
    client = next;
    setApi(next);
    useConnectionStore.setState({ transport: 'websocket', gate: 'console', link: next.snapshot() });
    next.onConnection((link) => {
      if (link.phase === 'unauthorized') forgetToken(sessionStore);
      useConnectionStore.setState({ link, gate: link.phase === 'unauthorized' ? 'needs-token' : 'console' });
    });
    next.onOpen(() => {
      sequencer.reset();
      resync();
    });
    next.onEvents((batch) => sequencer.apply(batch));
  }

  const bridge = findBridge(window);
  if (bridge !== null) {
    const api = validatedBridge(bridge, countProtocolError);
    setApi(api);
    useConnectionStore.setState({
      transport: 'electron',
      gate: 'console',
      link: { ...INITIAL_CONNECTION, phase: 'open', everOpened: true },
    });
    api.onEvents((batch) => sequencer.apply(batch));
    listenForNavigation(bridge);
    resync();
  } else if (window.location.protocol === 'http:' || window.location.protocol === 'https:') {
    const token = takeToken(window.location.href, sessionStore, (url) =>
      window.history.replaceState(null, '', url),
    );
    if (token !== null) connectWebSocket(token);
    else useConnectionStore.setState({ transport: 'websocket', gate: 'needs-token' });
  } else {
    useConnectionStore.setState({ transport: null, gate: 'no-bridge' });
  }

  return {
    retryNow: () => client?.reconnectNow(),
    connectWithToken(token: string) {
      sessionStore.setItem(TOKEN_STORAGE_KEY, token);
      connectWebSocket(token);
    },
  };
}

/**
 * A click on a native notification asks the window (through the desktop bridge only) to show that
 * alert. The request is validated like everything else that crosses the bridge.
 */
function listenForNavigation(bridge: unknown): void {
  const onNavigate = (bridge as Partial<VigilDesktopApi>).onNavigate;
  if (typeof onNavigate !== 'function') return;
  onNavigate.call(bridge, (raw: unknown) => {
    const request = NavigateRequest.safeParse(raw);
    if (!request.success) return;
    useUiStore.setState({ view: 'alerts', selectedAlertId: request.data.alertId });
  });
}
