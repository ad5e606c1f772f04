/**
 * Errors that cross the engine boundary carry a stable code, so hosts can map them to HTTP
 * statuses and the UI can show them, without leaking stack traces.
 */
export type EngineErrorCode =
  'invalid_request' | 'unknown_command' | 'conflict' | 'not_found' | 'unavailable' | 'internal';

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** Turns anything thrown into the `{ code, message }` shape of the contract's CommandError. */
export function toErrorBody(error: unknown): { code: string; message: string } {
  if (error instanceof EngineError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message };
}
