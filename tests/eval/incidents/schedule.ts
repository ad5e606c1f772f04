/**
 * The incident side of the stream: every incident once per format it has (an *instance*), one
 * after another in virtual time, each after a quiet gap of calm traffic, its lines rendered with
 * seeded variables (addresses, pids, durations vary line by line).
 */
import { seededRandom, type Random } from '../../../core/ingest/demo-random';
import { FORMATS, type FormatName, type Incident } from './catalogue';
import { drawVar, render } from './template';

export interface TimedLine {
  at: number;
  text: string;
}

export interface Instance {
  index: number;
  incident: Incident;
  format: FormatName;
  start: number;
  end: number;
  lines: TimedLine[];
}

export interface ScheduleOptions {
  seed: number;
  /** Virtual time of the first calm line. */
  startMs: number;
  /** Calm traffic alone before the first incident (detectors warm up). */
  warmupMs: number;
  /** Calm traffic alone between two incidents, and after the last. */
  gapMs: number;
}

export const DEFAULT_SCHEDULE: ScheduleOptions = {
  seed: 14,
  startMs: Date.UTC(2026, 0, 5, 6, 0, 0),
  warmupMs: 15 * 60_000,
  gapMs: 3 * 60_000,
};

/** The lines of one incident in one format starting at `start`: `repeat.count` rounds, jittered. */
export function renderInstance(
  incident: Incident,
  format: FormatName,
  start: number,
  random: Random,
): TimedLine[] {
  const templates = incident.formats[format];
  if (templates === undefined) throw new Error(`${incident.id} has no ${format} format`);
  const fixed = new Map<string, string>();
  for (const [name, spec] of Object.entries(incident.vars)) {
    if (spec.fixed) fixed.set(name, drawVar(spec, random, 0));
  }
  const lines: TimedLine[] = [];
  let at = start;
  for (let round = 0; round < incident.repeat.count; round++) {
    const drawn = new Map(fixed);
    const value = (name: string): string | undefined => {
      let v = drawn.get(name);
      if (v === undefined) {
        const spec = incident.vars[name];
        if (spec === undefined) return undefined;
        v = drawVar(spec, random, round);
        drawn.set(name, v);
      }
      return v;
    };
    templates.forEach((template, k) => lines.push({ at: at + k, text: render(template, value, at + k) }));
    at += Math.round(incident.repeat.everyMs * random.between(0.7, 1.3));
  }
  return lines;
}

/** All instances in order, and the end of the stream (after the last gap). */
export function buildSchedule(
  incidents: readonly Incident[],
  options: ScheduleOptions = DEFAULT_SCHEDULE,
): { instances: Instance[]; endMs: number } {
  const random = seededRandom(options.seed);
  const instances: Instance[] = [];
  let at = options.startMs + options.warmupMs;
  for (const incident of incidents) {
    for (const format of FORMATS) {
      if (incident.formats[format] === undefined) continue;
      const lines = renderInstance(incident, format, at, random);
      const end = lines[lines.length - 1]!.at;
      instances.push({ index: instances.length, incident, format, start: at, end, lines });
      at = end + options.gapMs;
    }
  }
  return { instances, endMs: at };
}
