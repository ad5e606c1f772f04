/**
 * Root causes learned per exception: a producer that cannot write an exception's causes (Log4j 2's
 * JsonLayout.json lists only the top exception's frames) logs the same `Type: message` in the same
 * service as one that can (EcsLayout's `error.stack_trace`). A record whose error has no root cause
 * takes the one last seen for the same service, type and message, so both group into one alert
 * that names it. Bounded: the memo is cleared when full.
 */
import type { LogRecord } from '../contract';

const MAX_ENTRIES = 4096;

function keyOf(record: LogRecord): string | null {
  const e = record.error;
  if (e === null || e === undefined || e.type === null) return null;
  return `${record.service ?? ''}\u0000${e.type}\u0000${e.message ?? ''}`;
}

export class RootCauseMemo {
  private readonly known = new Map<string, string>();

  /** Learns from every record of a batch first, then fills the records that lack a root cause. */
  apply(records: readonly LogRecord[]): void {
    for (const record of records) {
      const cause = record.error?.rootCause;
      if (cause === null || cause === undefined) continue;
      const key = keyOf(record);
      if (key === null) continue;
      if (this.known.size >= MAX_ENTRIES && !this.known.has(key)) this.known.clear();
      this.known.set(key, cause);
    }
    if (this.known.size === 0) return;
    for (const record of records) {
      const e = record.error;
      if (e === null || e === undefined || e.rootCause !== null) continue;
      const key = keyOf(record);
      const cause = key === null ? undefined : this.known.get(key);
      if (cause !== undefined) record.error = { ...e, rootCause: cause };
    }
  }
}
