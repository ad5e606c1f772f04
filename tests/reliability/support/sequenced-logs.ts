/**
 * Realistic log lines that each carry a unique `seq=N`, so that a test can tell exactly which
 * logs were analyzed (and how often) without trusting any counter of the engine. Formats and
 * levels are mixed like a real stream: JSON, logfmt, syslog and plain lines, mostly info, with a
 * warning or an error now and then (so alerts appear too).
 */

const SERVICES = ['checkout', 'auth', 'payments', 'search', 'inventory'] as const;

function service(seq: number): string {
  return SERVICES[seq % SERVICES.length]!;
}

/** Every `ERROR_EVERY`-th log is an error, every `WARN_EVERY`-th a warning. */
const ERROR_EVERY = 97;
const WARN_EVERY = 31;

const NORMAL: ReadonlyArray<(seq: number) => string> = [
  (seq) =>
    `level=info service=${service(seq)} msg="order placed" items=${(seq % 7) + 1} duration_ms=${seq % 89} seq=${seq}`,
  (seq) =>
    JSON.stringify({
      level: 'info',
      service: service(seq),
      msg: `session refreshed for user u${seq % 500} seq=${seq}`,
    }),
  (seq) =>
    `<14>Nov 27 10:00:${String(seq % 60).padStart(2, '0')} web-${seq % 4} nginx[${1000 + (seq % 50)}]: GET /api/items/${seq % 1000} 200 seq=${seq}`,
  (seq) =>
    `2026-11-27 10:00:00,${String(seq % 1000).padStart(3, '0')} INFO [cache] evicted ${seq % 31} entries from region r${seq % 5} seq=${seq}`,
];

const WARNINGS: ReadonlyArray<(seq: number) => string> = [
  (seq) =>
    `level=warn service=${service(seq)} msg="slow query on orders table took ${800 + (seq % 400)} ms" seq=${seq}`,
];

const ERRORS: ReadonlyArray<(seq: number) => string> = [
  (seq) =>
    JSON.stringify({
      level: 'error',
      service: service(seq),
      msg: `payment gateway returned 502 for order ${seq} seq=${seq}`,
    }),
  (seq) =>
    `level=error service=${service(seq)} msg="upstream request timed out after ${3000 + (seq % 100)} ms" seq=${seq}`,
  (seq) =>
    `2026-11-27 10:00:01,000 ERROR [disk] write to /var/lib/app/segment-${seq % 9} failed: I/O error seq=${seq}`,
];

export function sequencedLog(seq: number): string {
  if (seq % ERROR_EVERY === ERROR_EVERY - 1) return ERRORS[seq % ERRORS.length]!(seq);
  if (seq % WARN_EVERY === WARN_EVERY - 1) return WARNINGS[seq % WARNINGS.length]!(seq);
  return NORMAL[seq % NORMAL.length]!(seq);
}

const SEQ = /\bseq=(\d+)/;

/** The `seq=N` a message value carries, or null (malformed input, other traffic). */
export function seqOf(value: Buffer | null): number | null {
  if (value === null || value.length === 0) return null;
  // latin1 never throws and keeps ASCII digits where they are; the value may be far from UTF-8.
  const match = SEQ.exec(value.toString('latin1', 0, Math.min(value.length, 4096)));
  return match ? Number(match[1]) : null;
}
