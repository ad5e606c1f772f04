/**
 * The one path from a boundary (REST route or WebSocket message) into the engine: validate the
 * request against the command map, call, and turn a thrown error into the contract's error shape
 * with an HTTP status. Nothing thrown here carries a stack trace to a client.
 */
import type { z } from 'zod';
import { commands, redactConfig, type CommandName, type EngineStatus } from '../contract';
import type { EngineClient } from '../engine/client';

export interface CommandFailure {
  ok: false;
  status: number;
  code: string;
  message: string;
}
export type CommandOutcome = { ok: true; response: unknown } | CommandFailure;

const MAX_MESSAGE_LENGTH = 500;
const MAX_ISSUES_SHOWN = 5;

/** A short, readable account of what failed validation: `path: message; path: message`. */
export function summarizeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, MAX_ISSUES_SHOWN).map((issue) => {
    const path = issue.path.length === 0 ? '(body)' : issue.path.map(String).join('.');
    return `${path}: ${issue.message}`;
  });
  const more = error.issues.length - shown.length;
  return shown.join('; ') + (more > 0 ? `; and ${more} more` : '');
}

/** HTTP statuses for the engine's error codes (core/engine/errors.ts `EngineErrorCode`). */
const STATUS_BY_ENGINE_CODE: Record<string, number> = {
  invalid_request: 400,
  unknown_command: 400,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

/**
 * Engine errors carry a lower-snake-case `code` (EngineError): known codes get their status, an
 * unknown one is a refusal (409). Anything without such a code is a fault: 500 with its message
 * only. (Node system errors have upper-case codes such as ENOENT and land in the fault branch.)
 */
export function engineFailure(err: unknown): CommandFailure {
  const message =
    (err instanceof Error ? err.message : String(err)).slice(0, MAX_MESSAGE_LENGTH) || 'engine error';
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && /^[a-z][a-z0-9_]{0,63}$/.test(code)) {
    return { ok: false, status: STATUS_BY_ENGINE_CODE[code] ?? 409, code, message };
  }
  return { ok: false, status: 500, code: 'internal', message };
}

/** Copies that may leave the host never carry secrets, whatever the engine returned. */
export function redactStatus(status: EngineStatus): EngineStatus {
  return status.config === null ? status : { ...status, config: redactConfig(status.config) };
}

function redactResponse(name: CommandName, response: unknown): unknown {
  if (name === 'engine:start' || name === 'engine:stop' || name === 'engine:status') {
    return redactStatus(response as EngineStatus);
  }
  return response;
}

type UntypedCall = (name: CommandName, request: unknown) => Promise<unknown>;

export async function dispatchCommand(
  engine: EngineClient,
  name: CommandName,
  request: unknown,
): Promise<CommandOutcome> {
  const parsed = commands[name].request.safeParse(request);
  if (!parsed.success) {
    return { ok: false, status: 400, code: 'invalid_request', message: summarizeIssues(parsed.error) };
  }
  try {
    // The name is checked against the map and the request against that name's schema above, which is
    // exactly the pairing the typed signature expresses; TypeScript cannot follow it through a variable.
    const call = engine.call.bind(engine) as UntypedCall;
    const response = await call(name, parsed.data);
    return { ok: true, response: redactResponse(name, response) };
  } catch (err) {
    return engineFailure(err);
  }
}
