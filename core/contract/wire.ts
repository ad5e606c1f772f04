/**
 * How the contract travels. Two carriers, one shape:
 * - Electron: the preload exposes `window.vigil` (a `VigilApi`), one IPC channel per command.
 * - Browser: a WebSocket to the headless host at `/api/ws` carrying `ClientMessage` / `ServerMessage`.
 * The renderer sees only `VigilApi`, whichever carrier is underneath.
 */
import { z } from 'zod';
import type { CommandName, CommandRequest, CommandResponse } from './commands';
import { EventBatch } from './events';

/** IPC channel names, derived from command names so that there is no second list to keep in sync. */
export const commandChannel = (name: CommandName): string => `vigil:cmd:${name}`;
export const EVENTS_CHANNEL = 'vigil:events';

export const ClientMessage = z.object({
  id: z.number().int().nonnegative(),
  command: z.string().max(64),
  request: z.unknown(),
});
export type ClientMessage = z.infer<typeof ClientMessage>;

export const ServerMessage = z.union([
  z.object({ kind: z.literal('response'), id: z.number().int(), response: z.unknown() }),
  z.object({
    kind: z.literal('error'),
    id: z.number().int().nullable(),
    error: z.object({ code: z.string(), message: z.string() }),
  }),
  z.object({ kind: z.literal('events'), batch: EventBatch }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

/** What the renderer is given: typed calls and a batched event stream. */
export interface VigilApi {
  call<C extends CommandName>(name: C, request: CommandRequest<C>): Promise<CommandResponse<C>>;
  onEvents(listener: (batch: EventBatch) => void): () => void;
}

/** Asks the UI to show something, e.g. after a click on a native notification (Electron only). */
export const NavigateRequest = z.object({ view: z.literal('alerts'), alertId: z.string().max(128) });
export type NavigateRequest = z.infer<typeof NavigateRequest>;
export const NAVIGATE_CHANNEL = 'vigil:navigate';

/** The preload's API: `VigilApi` plus desktop-only navigation requests. */
export interface VigilDesktopApi extends VigilApi {
  onNavigate(listener: (request: NavigateRequest) => void): () => void;
}
