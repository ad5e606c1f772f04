/**
 * Which scripted incident each incident shown belongs to, for `npm run bench -- incidents`: the
 * count alone (incidents shown vs scripted) can be right by accident, one scripted incident split
 * in two while two others merge, so the bench prints how the incidents map onto the schedule.
 *
 * An incident belongs to the scripted incident during which it opened: the latest one that started
 * at or before its opening, when the opening falls before that one's end + LAG_MS (rate and volume
 * detectors speak up to a minute after the lines). A scripted incident is *inseparable* when it
 * starts less than `endAfterQuietMs` after the end of an earlier one that replays lines of one of
 * the same Loghub systems (the same service and host): under the episode rule (docs/incidents.md)
 * both are one episode, and no grouping can tell them apart.
 */
import type { Incident } from '../../core/contract';

/** How long after a scripted incident's end its detectors may still open an incident. */
export const LAG_MS = 60_000;

export interface ScriptedWindow {
  sequence: number;
  kind: string;
  start: number;
  end: number;
  /** The Loghub systems whose lines it replays. */
  systems: ReadonlySet<string>;
}

export interface Attribution {
  /** Scripted incidents that opened exactly one incident. */
  scriptedOpeningOne: number;
  /** Scripted incidents that opened more than one (split), as `sequence kind ×n`. */
  scriptedOpeningSeveral: string[];
  /** Scripted incidents that opened none (absorbed by an incident still going on), as `sequence kind`. */
  scriptedOpeningNone: string[];
  /** Incidents that opened outside every scripted incident: the background raised them. */
  incidentsOutsideScripted: number;
  /** Scripted incidents the episode rule cannot tell apart from an earlier one, as `sequence kind`. */
  inseparable: string[];
}

export function attribute(
  windows: readonly ScriptedWindow[],
  incidents: readonly Incident[],
  endAfterQuietMs: number,
): Attribution {
  const sorted = windows.slice().sort((a, b) => a.start - b.start);
  const opened = new Map<number, number>();
  let outside = 0;
  for (const incident of incidents) {
    let owner: ScriptedWindow | undefined;
    for (const w of sorted) if (w.start <= incident.firstSeen) owner = w;
    if (owner === undefined || incident.firstSeen > owner.end + LAG_MS) outside += 1;
    else opened.set(owner.sequence, (opened.get(owner.sequence) ?? 0) + 1);
  }
  const inseparable = sorted
    .filter((w, i) =>
      sorted
        .slice(0, i)
        .some((earlier) => w.start - earlier.end < endAfterQuietMs && shares(earlier.systems, w.systems)),
    )
    .map(label);
  return {
    scriptedOpeningOne: sorted.filter((w) => opened.get(w.sequence) === 1).length,
    scriptedOpeningSeveral: sorted
      .filter((w) => (opened.get(w.sequence) ?? 0) > 1)
      .map((w) => `${label(w)} ×${opened.get(w.sequence)}`),
    scriptedOpeningNone: sorted.filter((w) => !opened.has(w.sequence)).map(label),
    incidentsOutsideScripted: outside,
    inseparable,
  };
}

function label(w: ScriptedWindow): string {
  return `${w.sequence} ${w.kind}`;
}

function shares(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}
