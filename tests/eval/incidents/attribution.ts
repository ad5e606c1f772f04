/**
 * Which incident (if any) an alert occurrence belongs to.
 *
 * The engine hands the alert manager one log at a time (`ingestLog`), followed by the detector
 * signals that log produced (`ingestSignal`). So every occurrence has an exact origin: the log that
 * caused it, known by its offset, which the stream labelled as calm or as a line of one incident.
 *
 * One correction, by time and content: a detector signal fired by a calm log (a rate or error
 * spike tipped over by a calm line) counts for the incident running at that time when it is about
 * that incident's template or service. Signals fired outside any log (consumer lag, from the
 * engine's tick) count for the incident running at that time, or as calm.
 */
import type { AlertLevel, AlertTrigger } from '../../../core/contract';

export const CALM = -1;

export type Change = 'created' | 'repeated' | 'escalated' | 'reopened';

/** One time an alert was created or counted into. */
export interface Occurrence {
  at: number;
  alertId: string;
  /** The alert's level and trigger right after this occurrence (what the console shows). */
  level: AlertLevel;
  trigger: AlertTrigger;
  title: string;
  change: Change;
  /** Index of the incident instance it belongs to, or CALM. */
  origin: number;
}

/** What the evaluation learned about one incident instance while its lines went through. */
export interface InstanceWindow {
  start: number;
  end: number;
  templateIds: Set<string>;
  services: Set<string>;
}

/** Signals this long after an incident's last line still count for it (detectors lag a little). */
export const SIGNAL_GRACE_MS = 60_000;

/** The instance whose window (plus grace) holds `at`, or CALM. Windows are sorted and disjoint. */
export function activeInstance(
  windows: readonly InstanceWindow[],
  at: number,
  graceMs = SIGNAL_GRACE_MS,
): number {
  let lo = 0;
  let hi = windows.length - 1;
  let found = CALM;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (windows[mid]!.start <= at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found === CALM) return CALM;
  return at <= windows[found]!.end + graceMs ? found : CALM;
}

/**
 * Origin of a detector signal: the log that fired it (`logOrigin`, CALM for a calm log, null when
 * no log did), corrected to the running incident when the signal is about that incident's
 * template or service.
 */
export function originOfSignal(
  signal: { templateId: string | null; service: string | null },
  logOrigin: number | null,
  at: number,
  windows: readonly InstanceWindow[],
): number {
  if (logOrigin !== null && logOrigin !== CALM) return logOrigin;
  const active = activeInstance(windows, at);
  if (active === CALM) return CALM;
  if (logOrigin === null) return active;
  const w = windows[active]!;
  if (signal.templateId !== null && w.templateIds.has(signal.templateId)) return active;
  if (signal.templateId === null && signal.service !== null && w.services.has(signal.service)) return active;
  return CALM;
}
