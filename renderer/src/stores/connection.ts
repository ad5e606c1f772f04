/** Which carrier this window uses and how its link is doing, for the status bar and gate screens. */
import { create } from 'zustand';
import { INITIAL_CONNECTION, type ConnectionSnapshot } from '../transport/connection';

export type Gate =
  /** Connected or connecting: show the console. */
  | 'console'
  /** Browser without a token: ask for the URL printed by `npm run serve`. */
  | 'needs-token'
  /** A file:// page without the preload bridge: nothing can work, say so. */
  | 'no-bridge';

export interface ConnectionState {
  transport: 'electron' | 'websocket' | null;
  gate: Gate;
  link: ConnectionSnapshot;
}

export const INITIAL_CONNECTION_STATE: ConnectionState = {
  transport: null,
  gate: 'console',
  link: INITIAL_CONNECTION,
};

export const useConnectionStore = create<ConnectionState>(() => INITIAL_CONNECTION_STATE);
