/**
 * Binds every command of the contract to its own IPC channel. Each handler first checks that the
 * message comes from our own window's top frame (a trusted sender), then validates the payload
 * with the command's schema, and only then calls the engine (or the host, for settings).
 *
 * Electron is passed in as narrow interfaces so this file can be unit-tested without Electron.
 */
import {
  commandChannel,
  commands,
  COMMAND_NAMES,
  isHostCommand,
  type CommandResponse,
} from '../../core/contract';
import type { EngineClient } from '../../core/engine/client';
import { toErrorBody } from '../../core/engine/errors';

/** The subset of an `IpcMainInvokeEvent` we rely on. */
export interface InvokeEvent {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, payload: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export type HostCommandHandler = (
  name: 'settings:get' | 'settings:set',
  request: unknown,
) => Promise<CommandResponse<'settings:get'>>;

/** The result envelope: errors are values, so the renderer gets a code and message, not a stack. */
export type IpcResult =
  { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

export interface IpcBindingOptions {
  ipcMain: IpcMainLike;
  engine: EngineClient;
  host: HostCommandHandler;
  /** True when the sender is our window's web contents, showing our own renderer. */
  isTrustedSender: (event: InvokeEvent) => boolean;
  onRejected?: (channel: string, reason: string) => void;
}

export function bindCommands(options: IpcBindingOptions): () => void {
  const { ipcMain, engine, host, isTrustedSender } = options;
  for (const name of COMMAND_NAMES) {
    const channel = commandChannel(name);
    ipcMain.handle(channel, async (event, payload): Promise<IpcResult> => {
      if (!isTrustedSender(event)) {
        options.onRejected?.(channel, 'untrusted sender');
        return { ok: false, error: { code: 'forbidden', message: 'untrusted sender' } };
      }
      const parsed = commands[name].request.safeParse(payload);
      if (!parsed.success) {
        options.onRejected?.(channel, 'invalid payload');
        const issue = parsed.error.issues[0];
        const where = issue?.path.join('.') || 'request';
        return {
          ok: false,
          error: { code: 'invalid_request', message: `${where}: ${issue?.message ?? 'invalid'}` },
        };
      }
      try {
        const value = isHostCommand(name)
          ? await host(name, parsed.data)
          : await engine.call(name, parsed.data as never);
        return { ok: true, value };
      } catch (error) {
        return { ok: false, error: toErrorBody(error) };
      }
    });
  }
  return () => {
    for (const name of COMMAND_NAMES) ipcMain.removeHandler(commandChannel(name));
  };
}

/**
 * The trusted-sender rule: the message must come from the main window's web contents and from
 * its top frame, whose URL is our renderer (file:// in production, the dev server in development).
 */
export function makeSenderCheck(
  windowContentsId: () => number | null,
  allowedUrl: (url: string) => boolean,
): (event: InvokeEvent) => boolean {
  return (event) => {
    const id = windowContentsId();
    if (id === null || event.sender.id !== id) return false;
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    return allowedUrl(frame.url);
  };
}
