/**
 * The preload bridge: exposes exactly the contract's API (`VigilDesktopApi`) to the page, never
 * `ipcRenderer` itself. Runs sandboxed, so it may import only `electron` and bundled code.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  EVENTS_CHANNEL,
  EventBatch,
  NAVIGATE_CHANNEL,
  NavigateRequest,
  commandChannel,
  isCommandName,
  type VigilDesktopApi,
} from '../../core/contract';

type IpcResult = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

const api: VigilDesktopApi = {
  async call(name, request) {
    if (!isCommandName(name))
      return { error: { code: 'unknown_command', message: `unknown command ${String(name)}` } } as never;
    const result = (await ipcRenderer.invoke(commandChannel(name), request)) as IpcResult;
    // A refusal resolves as the contract's CommandError: an Error thrown across the context
    // bridge would lose its code. The renderer turns it into a failure with that code.
    if (!result.ok) return { error: result.error } as never;
    // The renderer validates the response against the command's schema.
    return result.value as never;
  },
  onEvents(listener) {
    const handler = (_event: IpcRendererEvent, payload: unknown): void => {
      const batch = EventBatch.safeParse(payload);
      if (batch.success) listener(batch.data);
      else console.error('[vigil] dropped an invalid event batch from main');
    };
    ipcRenderer.on(EVENTS_CHANNEL, handler);
    return () => ipcRenderer.removeListener(EVENTS_CHANNEL, handler);
  },
  onNavigate(listener) {
    const handler = (_event: IpcRendererEvent, payload: unknown): void => {
      const request = NavigateRequest.safeParse(payload);
      if (request.success) listener(request.data);
    };
    ipcRenderer.on(NAVIGATE_CHANNEL, handler);
    return () => ipcRenderer.removeListener(NAVIGATE_CHANNEL, handler);
  },
};

contextBridge.exposeInMainWorld('vigil', api);
