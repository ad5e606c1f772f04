/**
 * An incident's per-minute counts as chart columns: one point per minute from the first to the last
 * minute reported, minutes without a count shown as 0 (a quiet minute, not a gap in the data), at
 * most `MAX_MINUTES` points (the most recent), so a long incident cannot grow the chart without bound.
 */
import type { IncidentMinute } from '../../../core/contract';

export const MAX_MINUTES = 240;
const MINUTE_MS = 60_000;

/** [x in epoch seconds (uPlot's time unit), count] */
export function minuteColumns(
  points: readonly IncidentMinute[],
  maxMinutes = MAX_MINUTES,
): [number[], number[]] {
  if (points.length === 0) return [[], []];
  // `minute` is a minute number (epoch ms / 60 000, floored); repeated minutes add up.
  const byMinute = new Map<number, number>();
  for (const point of points) byMinute.set(point.minute, (byMinute.get(point.minute) ?? 0) + point.count);
  const minutes = [...byMinute.keys()];
  const last = Math.max(...minutes);
  const first = Math.max(Math.min(...minutes), last - (maxMinutes - 1));
  const x: number[] = [];
  const y: number[] = [];
  for (let minute = first; minute <= last; minute++) {
    x.push((minute * MINUTE_MS) / 1000);
    y.push(byMinute.get(minute) ?? 0);
  }
  return [x, y];
}
