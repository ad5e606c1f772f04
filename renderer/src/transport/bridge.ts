/**
 * The Electron carrier: the preload exposes `window.vigil`. The renderer does not take the bridge's
 * word for what it returns either; responses and batches are validated exactly as on the WebSocket.
 */
import { CommandError } from '../../../core/contract';
import type {
  CommandName,
  CommandRequest,
  CommandResponse,
  EventBatch,
  VigilApi,
} from '../../../core/contract';
import { CommandFailure, toCommandFailure } from './command-failure';
import { checkEventBatch, checkRequest, checkResponse } from './validate';

/** `window.vigil` if it looks like a `VigilApi`, else null (a browser, or a broken preload). */
export function findBridge(scope: unknown): VigilApi | null {
  if (typeof scope !== 'object' || scope === null) return null;
  const candidate = (scope as { vigil?: unknown }).vigil;
  if (typeof candidate !== 'object' || candidate === null) return null;
  const { call, onEvents } = candidate as Partial<Record<keyof VigilApi, unknown>>;
  if (typeof call !== 'function' || typeof onEvents !== 'function') return null;
  return candidate as VigilApi;
}

export function validatedBridge(raw: VigilApi, onProtocolError: (problem: string) => void): VigilApi {
  return {
    async call<C extends CommandName>(name: C, request: CommandRequest<C>): Promise<CommandResponse<C>> {
      const checkedRequest = checkRequest(name, request);
      if (!checkedRequest.ok) throw new CommandFailure('invalid_request', checkedRequest.problem, name);
      let response: unknown;
      try {
        response = await raw.call(name, request);
      } catch (error) {
        throw withoutIpcPrefix(toCommandFailure(error, name));
      }
      // ipcRenderer.invoke loses error codes, so the main process may answer with a CommandError.
      const refused = CommandError.safeParse(response);
      if (refused.success)
        throw new CommandFailure(refused.data.error.code, refused.data.error.message, name);
      const checked = checkResponse(name, response);
      if (!checked.ok) {
        onProtocolError(checked.problem);
        throw new CommandFailure('bad_response', checked.problem, name);
      }
      return checked.value;
    },
    onEvents(listener: (batch: EventBatch) => void) {
      return raw.onEvents((batch: unknown) => {
        const checked = checkEventBatch(batch);
        if (!checked.ok) return onProtocolError(checked.problem);
        listener(checked.value);
      });
    },
  };
}

/** Electron wraps rejections as "Error invoking remote method 'vigil:cmd:x': Error: <message>". */
function withoutIpcPrefix(failure: CommandFailure): CommandFailure {
  const stripped = failure.message.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '');
  return stripped === failure.message ? failure : new CommandFailure(failure.code, stripped, failure.command);
}
