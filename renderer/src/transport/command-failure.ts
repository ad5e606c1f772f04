/**
 * The one error type a command call rejects with, whatever the carrier: the engine's own refusals
 * keep their code (from `CommandError`), and transport problems get codes of their own.
 */
export type TransportErrorCode =
  'disconnected' | 'timeout' | 'busy' | 'bad_response' | 'invalid_request' | 'transport';

export class CommandFailure extends Error {
  constructor(
    /** The engine's error code, or one of `TransportErrorCode`. */
    readonly code: string,
    message: string,
    readonly command: string,
  ) {
    super(message);
    this.name = 'CommandFailure';
  }
}

/** Turns whatever a carrier rejected with into a `CommandFailure` with a readable message. */
export function toCommandFailure(error: unknown, command: string): CommandFailure {
  if (error instanceof CommandFailure) return error;
  if (error instanceof Error) return new CommandFailure('transport', error.message, command);
  return new CommandFailure('transport', String(error), command);
}
