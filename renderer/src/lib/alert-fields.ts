/**
 * What the Alerts view reads of fields that engines added to Alert over time (where an alert
 * happened): present when the engine sends them, absent (never an error) from older
 * engines and journals. Also the short lines the rows and the detail pane print them as.
 */
import type { Alert } from '../../../core/contract';
import { formatCount } from './format';

export interface Counted {
  value: string;
  count: number;
}

export interface Located {
  host?: string | null;
  hosts?: readonly Counted[];
  services?: readonly Counted[];
  topics?: readonly Counted[];
  groupBy?: readonly string[];
}

/** The location fields of an alert (absent ones read as absent). */
export function locationOf(alert: Alert): Located {
  return alert;
}

/** "web-1 (1,200), web-2 (3)" */
export function countedLine(values: readonly Counted[]): string {
  return values.map((v) => `${v.value} (${formatCount(v.count)})`).join(', ');
}

/** At most this many names inline on a row; the rest are counted ("+3"). */
const NAMES_SHOWN = 3;

export function namesLine(names: readonly string[]): string {
  const shown = names.slice(0, NAMES_SHOWN).join(', ');
  return names.length > NAMES_SHOWN ? `${shown} +${names.length - NAMES_SHOWN}` : shown;
}
