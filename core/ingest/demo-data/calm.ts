/**
 * What the demo's calm background may hold (extract.ts selects with it; tests/unit/demo-calm.test.ts
 * holds the bundle to it): no error-level line, and, in a Loghub sample without a real log level
 * (OpenSSH and Proxifier have no Level column; Linux's holds the host name, "combo"), no line whose
 * words report a failure or an attack. Loghub's OpenSSH and Linux samples are themselves incidents:
 * servers under password guessing. Their attack lines belong to a scripted incident with a start
 * and an end, never to the background an on-call engineer calls normal.
 */

export const ERROR_LEVELS: ReadonlySet<string> = new Set([
  'ERROR',
  'FATAL',
  'SEVERE',
  'FAILURE',
  'error',
  'fatal',
  'crit',
  'emerg',
  'alert',
]);

const LEVELS: ReadonlySet<string> = new Set([
  ...ERROR_LEVELS,
  'INFO',
  'WARN',
  'WARNING',
  'DEBUG',
  'TRACE',
  'notice',
  'info',
  'warn',
]);

/**
 * Failed or refused logins, invalid or unknown users, sshd's break-in warnings and retry limits, a
 * cron job that "exited abnormally". The demo's own syslog severity (demo-corpus.ts) writes lines
 * with the first of these words as warnings; the rest are the messages of sshd and PAM that carry
 * none of them.
 */
export const NOT_CALM =
  /fail|invalid|error|denied|refused|break-in|illegal|user unknown|abnormally|too many authentication|max retries|did not receive identification/i;

/** Whether a Loghub structured row carries a real log level. */
export function hasLevel(row: Readonly<Record<string, string>>): boolean {
  return LEVELS.has(row.Level ?? '');
}

/** Whether a line (its raw text and Loghub structured row) may be part of the calm background. */
export function isCalm(raw: string, row: Readonly<Record<string, string>>): boolean {
  if (ERROR_LEVELS.has(row.Level ?? '')) return false;
  return hasLevel(row) || !NOT_CALM.test(row.Content ?? raw);
}
