/**
 * What the UI shows about the link to the engine. In Electron the link is the preload bridge and is
 * always `open`; in a browser it is the host's WebSocket and goes through the other states.
 */
export type ConnectionPhase =
  /** First attempt in progress. */
  | 'connecting'
  | 'open'
  /** Lost or never established; a retry is scheduled at `nextRetryAt`. */
  | 'reconnecting'
  /** The host refused the token: retrying cannot help, the user needs a fresh URL. */
  | 'unauthorized'
  /** The client was shut down on purpose. */
  | 'closed';

export interface ConnectionSnapshot {
  phase: ConnectionPhase;
  /** Consecutive failed attempts since the last successful open. */
  attempt: number;
  nextRetryAt: number | null;
  /** Whether any attempt has ever succeeded: distinguishes "host went away" from "never reached it". */
  everOpened: boolean;
  /** Messages refused as malformed or not matching the contract (each also logged as a warning). */
  protocolErrors: number;
  lastProblem: string | null;
}

export const INITIAL_CONNECTION: ConnectionSnapshot = {
  phase: 'connecting',
  attempt: 0,
  nextRetryAt: null,
  everOpened: false,
  protocolErrors: 0,
  lastProblem: null,
};

/** Close codes with which the host says "your token is wrong" (4401/4403 by agreement, 1008 policy). */
export const UNAUTHORIZED_CLOSE_CODES: ReadonlySet<number> = new Set([4401, 4403, 1008]);
