/**
 * A history histogram (minutes that have logs) as uPlot's aligned columns over a whole range: every
 * minute from `from` to `to`, zero where the answer has none, one column per level (most logs first).
 * Bounded by the contract's histogram span (at most 7 days: 10,080 points).
 */
import type { LogHistogram } from '../../../core/contract';

export function histogramColumns(
  histogram: LogHistogram,
  from: number,
  to: number,
): { levels: string[]; data: [number[], ...number[][]] } {
  const bucket = histogram.bucketMs;
  const first = Math.floor(from / bucket) * bucket;
  const last = Math.floor(to / bucket) * bucket;
  const minutes = Math.min(10_081, Math.max(1, Math.floor((last - first) / bucket) + 1));
  const x = Array.from({ length: minutes }, (_, i) => (first + i * bucket) / 1000);
  const totals = Object.entries(histogram.byLevel).map(
    ([level, counts]) => [level, counts.reduce((a, b) => a + b, 0)] as const,
  );
  const levels = totals.sort((a, b) => b[1] - a[1]).map(([level]) => level);
  const columns = levels.map((level) => {
    const column = new Array<number>(minutes).fill(0);
    const counts = histogram.byLevel[level]!;
    histogram.minutes.forEach((minute, i) => {
      const at = Math.round((minute - first) / bucket);
      if (at >= 0 && at < minutes) column[at] = counts[i] ?? 0;
    });
    return column;
  });
  return { levels, data: [x, ...columns] };
}
