/**
 * Everything that reaches the stores passes through here first: command responses against their
 * schema in the contract's command map, event batches against `EventBatch`. A value that fails is
 * refused with a short description of what was wrong (never the value itself, which may hold
 * secrets or be huge).
 */
import type { z } from 'zod';
import { EventBatch, commands } from '../../../core/contract';
import type { CommandName, CommandRequest, CommandResponse } from '../../../core/contract';

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

/** A compact, bounded description of a zod failure: the first few paths and messages. */
export function describeIssues(error: z.ZodError, maxIssues = 3): string {
  const parts = error.issues.slice(0, maxIssues).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    return `${path}: ${issue.message}`;
  });
  const more = error.issues.length > maxIssues ? ` (+${error.issues.length - maxIssues} more)` : '';
  return parts.join('; ') + more;
}

export function checkResponse<C extends CommandName>(name: C, value: unknown): Checked<CommandResponse<C>> {
  const result = commands[name].response.safeParse(value);
  if (!result.success) return { ok: false, problem: `${name} response: ${describeIssues(result.error)}` };
  return { ok: true, value: result.data as CommandResponse<C> };
}

export function checkRequest<C extends CommandName>(
  name: C,
  value: CommandRequest<C>,
): Checked<CommandRequest<C>> {
  const result = commands[name].request.safeParse(value);
  if (!result.success) return { ok: false, problem: describeIssues(result.error) };
  return { ok: true, value };
}

export function checkEventBatch(value: unknown): Checked<EventBatch> {
  const result = EventBatch.safeParse(value);
  if (!result.success) return { ok: false, problem: `event batch: ${describeIssues(result.error)}` };
  return { ok: true, value: result.data };
}
