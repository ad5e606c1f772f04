/**
 * Reconnect delays: exponential with a ceiling, plus jitter so that many browser tabs reconnecting
 * to a restarted host do not all arrive in the same instant.
 */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  factor: number;
  /** Fraction of the delay randomized either way, 0..1. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 30_000, factor: 2, jitter: 0.2 };

/** Delay before reconnect attempt number `attempt` (1 = first retry). `random` returns [0, 1). */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number): number {
  const exponent = Math.max(0, attempt - 1);
  const nominal = Math.min(options.maxMs, options.baseMs * Math.pow(options.factor, exponent));
  const spread = nominal * options.jitter;
  const jittered = nominal - spread + random() * 2 * spread;
  return Math.round(Math.min(options.maxMs, Math.max(0, jittered)));
}
