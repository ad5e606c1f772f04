/**
 * The alert history's file formats (history.ts): the snapshot and the journal lines, parsed
 * leniently (a bad line is skipped and reported by the caller, never thrown) and the snapshot
 * written within its byte bound.
 */
import type { Alert, Incident } from '../contract';
import type { CounterUpdate } from './alert-store';
import type { AppliedOffset } from './history-offsets';

export const FORMAT = 'vigil-alerts';
export const VERSION = 1;

export function parseSnapshot(
  text: string,
): { seq: number; alerts: unknown[]; incidents: unknown; applied: unknown } | null {
  try {
    const value = JSON.parse(text) as {
      format?: unknown;
      version?: unknown;
      seq?: unknown;
      alerts?: unknown;
      incidents?: unknown;
      applied?: unknown;
    };
    if (value?.format !== FORMAT || value.version !== VERSION) return null;
    if (typeof value.seq !== 'number' || !Array.isArray(value.alerts)) return null;
    return { seq: value.seq, alerts: value.alerts, incidents: value.incidents, applied: value.applied };
  } catch {
    return null;
  }
}

export interface JournalEntry {
  seq: number;
  /** The whole line, for the incident fields. */
  raw: Record<string, unknown>;
  upserts: unknown[];
  counters: CounterUpdate[];
  deletes: string[];
}

function isCounterUpdate(value: unknown): value is CounterUpdate {
  return (
    Array.isArray(value) &&
    value.length === 3 &&
    typeof value[0] === 'string' &&
    Number.isInteger(value[1]) &&
    typeof value[2] === 'number'
  );
}

export function parseJournalLine(line: string): JournalEntry | null {
  try {
    const value = JSON.parse(line) as {
      seq?: unknown;
      upserts?: unknown;
      counters?: unknown;
      deletes?: unknown;
    };
    if (typeof value?.seq !== 'number' || !Array.isArray(value.upserts) || !Array.isArray(value.deletes))
      return null;
    const counters = Array.isArray(value.counters) ? value.counters.filter(isCounterUpdate) : [];
    const deletes = value.deletes.filter((d): d is string => typeof d === 'string');
    return {
      seq: value.seq,
      raw: value,
      upserts: value.upserts,
      counters,
      deletes,
    };
  } catch {
    return null;
  }
}

/** The snapshot text within `maxBytes`: active alerts first, then the most recently seen. */
export function serializeSnapshot(
  alerts: readonly Alert[],
  seq: number,
  now: number,
  maxBytes: number,
  incidents: readonly Incident[] = [],
  applied: readonly AppliedOffset[] = [],
): { text: string; trimmed: number } {
  const ordered = alerts.slice().sort((x, y) => {
    const xr = x.status === 'resolved' ? 1 : 0;
    const yr = y.status === 'resolved' ? 1 : 0;
    return xr - yr || y.lastSeen - x.lastSeen;
  });
  // Incidents are few and bounded (IncidentOptions.maxIncidents); they go first, whole.
  const head =
    `{"format":"${FORMAT}","version":${VERSION},"seq":${seq},"savedAt":${now},` +
    `"incidents":${JSON.stringify(incidents)},` +
    (applied.length > 0 ? `"applied":${JSON.stringify(applied)},` : '') +
    `"alerts":[`;
  const tail = ']}\n';
  let bytes = Buffer.byteLength(head) + Buffer.byteLength(tail);
  const parts: string[] = [];
  for (const alert of ordered) {
    const json = JSON.stringify(alert);
    const size = Buffer.byteLength(json) + 1;
    if (bytes + size > maxBytes) break;
    parts.push(json);
    bytes += size;
  }
  return { text: `${head}${parts.join(',')}${tail}`, trimmed: ordered.length - parts.length };
}
