/**
 * `VigilApi` over the headless host's WebSocket (`ClientMessage` out, `ServerMessage` in).
 *
 * - Requests carry increasing ids; a response or error with the same id settles the call, and a
 *   call that gets no answer within the timeout is rejected (so the UI never hangs on a spinner).
 * - Every incoming message is validated (ServerMessage, then the command's response schema) before
 *   anything is resolved or dispatched; refused messages are counted and described, not dropped
 *   silently.
 * - A lost connection is retried with exponential backoff; a refused token is not (it cannot fix
 *   itself), which the UI turns into "open the URL printed by `npm run serve`".
 *
 * The socket itself is injected (`SocketFactory`) so that this module has no DOM dependency and can
 * be exercised in unit tests.
 */
import type { ZodError } from 'zod';
import { ServerMessage } from '../../../core/contract';
import type {
  CommandName,
  CommandRequest,
  CommandResponse,
  EventBatch,
  VigilApi,
} from '../../../core/contract';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from './backoff';
import { CommandFailure } from './command-failure';
import { INITIAL_CONNECTION, UNAUTHORIZED_CLOSE_CODES, type ConnectionSnapshot } from './connection';
import { checkEventBatch, checkRequest, checkResponse, describeIssues } from './validate';

export interface SocketHandlers {
  onOpen(): void;
  /** `data` is whatever the carrier delivered; only strings are valid for this protocol. */
  onMessage(data: unknown): void;
  onClose(code: number, reason: string): void;
}

export interface SocketHandle {
  send(text: string): void;
  close(code?: number, reason?: string): void;
}

export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketHandle;

export interface WsClientOptions {
  url: string;
  openSocket: SocketFactory;
  requestTimeoutMs?: number;
  /** Calls allowed in flight at once; beyond this a call is refused rather than queued without bound. */
  maxPending?: number;
  backoff?: BackoffOptions;
  random?: () => number;
  now?: () => number;
  warn?: (message: string) => void;
}

export interface WsClient extends VigilApi {
  snapshot(): ConnectionSnapshot;
  onConnection(listener: (snapshot: ConnectionSnapshot) => void): () => void;
  /** Fires each time a socket opens, first time and after every reconnect: the moment to resync. */
  onOpen(listener: () => void): () => void;
  /** Skips the remaining backoff wait. */
  reconnectNow(): void;
  close(): void;
}

interface PendingCall {
  command: CommandName;
  resolve(value: unknown): void;
  reject(error: CommandFailure): void;
  timer: ReturnType<typeof setTimeout>;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_PENDING = 256;

export function createWsClient(options: WsClientOptions): WsClient {
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const maxPending = options.maxPending ?? DEFAULT_MAX_PENDING;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const warn = options.warn ?? ((message: string) => console.warn(`[vigil] ${message}`));

  const pending = new Map<number, PendingCall>();
  const eventListeners = new Set<(batch: EventBatch) => void>();
  const connectionListeners = new Set<(snapshot: ConnectionSnapshot) => void>();
  const openListeners = new Set<() => void>();

  let state: ConnectionSnapshot = INITIAL_CONNECTION;
  let socket: SocketHandle | null = null;
  /** Bumped per socket so that late callbacks from a replaced socket are ignored. */
  let generation = 0;
  let nextId = 1;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closedByUser = false;

  function update(patch: Partial<ConnectionSnapshot>): void {
    state = { ...state, ...patch };
    for (const listener of connectionListeners) listener(state);
  }

  function protocolError(problem: string): void {
    warn(`refused a message from the host: ${problem}`);
    update({ protocolErrors: state.protocolErrors + 1, lastProblem: problem });
  }

  function rejectAllPending(code: string, message: string): void {
    for (const [id, call] of pending) {
      clearTimeout(call.timer);
      call.reject(new CommandFailure(code, message, call.command));
      pending.delete(id);
    }
  }

  function connect(): void {
    retryTimer = null;
    const myGeneration = ++generation;
    const current = () => myGeneration === generation;
    try {
      socket = options.openSocket(options.url, {
        onOpen: () => current() && handleOpen(),
        onMessage: (data) => current() && handleMessage(data),
        onClose: (code, reason) => current() && handleClose(code, reason),
      });
    } catch (error) {
      socket = null;
      handleClose(1006, error instanceof Error ? error.message : String(error));
    }
  }

  function handleOpen(): void {
    update({ phase: 'open', attempt: 0, nextRetryAt: null, everOpened: true, lastProblem: null });
    for (const listener of openListeners) safely(listener, 'open listener');
  }

  function handleClose(code: number, reason: string): void {
    socket = null;
    rejectAllPending('disconnected', 'The connection to the Vigil host was lost before it answered.');
    if (closedByUser) return;
    if (UNAUTHORIZED_CLOSE_CODES.has(code)) {
      update({
        phase: 'unauthorized',
        nextRetryAt: null,
        lastProblem: reason || 'The host refused the token.',
      });
      return;
    }
    const attempt = state.attempt + 1;
    const delay = backoffDelay(attempt, backoff, random);
    update({
      phase: 'reconnecting',
      attempt,
      nextRetryAt: now() + delay,
      lastProblem: reason ? `closed (${code}): ${reason}` : `closed (${code})`,
    });
    retryTimer = setTimeout(connect, delay);
  }

  function handleMessage(data: unknown): void {
    if (typeof data !== 'string') return protocolError('non-text message');
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch {
      return protocolError('message is not valid JSON');
    }
    const parsed = ServerMessage.safeParse(raw);
    if (!parsed.success) return protocolError(describeServerMessageFailure(raw, parsed.error));
    const message = parsed.data;
    if (message.kind === 'events') {
      for (const listener of eventListeners) safely(() => listener(message.batch), 'event listener');
      return;
    }
    if (message.kind === 'error') {
      const { code, message: text } = message.error;
      if (message.id === null) {
        // An error about no request in particular (e.g. the host refused a malformed frame).
        warn(`host error ${code}: ${text}`);
        update({ lastProblem: `${code}: ${text}` });
        return;
      }
      const failed = takePending(message.id);
      failed?.reject(new CommandFailure(code, text, failed.command));
      return;
    }
    const callForResponse = takePending(message.id);
    if (!callForResponse) return;
    const checked = checkResponse(callForResponse.command, message.response);
    if (!checked.ok) {
      protocolError(checked.problem);
      callForResponse.reject(new CommandFailure('bad_response', checked.problem, callForResponse.command));
      return;
    }
    callForResponse.resolve(checked.value);
  }

  /** Removes and returns the pending call for `id`; an answer nobody waits for is a protocol error. */
  function takePending(id: number): PendingCall | undefined {
    const call = pending.get(id);
    if (!call) {
      protocolError(`answer for unknown or expired request ${id}`);
      return undefined;
    }
    pending.delete(id);
    clearTimeout(call.timer);
    return call;
  }

  function safely(fn: () => void, what: string): void {
    try {
      fn();
    } catch (error) {
      warn(`${what} threw: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  function call<C extends CommandName>(name: C, request: CommandRequest<C>): Promise<CommandResponse<C>> {
    if (state.phase !== 'open' || socket === null) {
      return Promise.reject(new CommandFailure('disconnected', 'Not connected to the Vigil host.', name));
    }
    const checked = checkRequest(name, request);
    if (!checked.ok) return Promise.reject(new CommandFailure('invalid_request', checked.problem, name));
    if (pending.size >= maxPending) {
      return Promise.reject(new CommandFailure('busy', 'Too many requests are waiting for an answer.', name));
    }
    const id = nextId++;
    const openSocket = socket;
    return new Promise<CommandResponse<C>>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(
          new CommandFailure('timeout', `No answer within ${Math.round(requestTimeoutMs / 1000)} s.`, name),
        );
      }, requestTimeoutMs);
      pending.set(id, { command: name, resolve, reject, timer });
      try {
        openSocket.send(JSON.stringify({ id, command: name, request }));
      } catch (error) {
        pending.delete(id);
        clearTimeout(timer);
        reject(new CommandFailure('transport', error instanceof Error ? error.message : String(error), name));
      }
    });
  }

  connect();

  return {
    call,
    onEvents(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    snapshot: () => state,
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    onOpen(listener) {
      openListeners.add(listener);
      return () => openListeners.delete(listener);
    },
    reconnectNow() {
      if (state.phase !== 'reconnecting' || retryTimer === null) return;
      clearTimeout(retryTimer);
      connect();
    },
    close() {
      closedByUser = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      retryTimer = null;
      generation++;
      socket?.close(1000, 'client closed');
      socket = null;
      rejectAllPending('disconnected', 'The client was closed.');
      update({ phase: 'closed', nextRetryAt: null });
    },
  };
}

/** The union's own error says little; for an event batch, say which field of the batch was wrong. */
function describeServerMessageFailure(raw: unknown, error: ZodError): string {
  if (typeof raw === 'object' && raw !== null && (raw as { kind?: unknown }).kind === 'events') {
    const batch = checkEventBatch((raw as { batch?: unknown }).batch);
    if (!batch.ok) return batch.problem;
  }
  return `server message: ${describeIssues(error)}`;
}
