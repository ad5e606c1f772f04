/** The points of a pattern's trend sparkline, as an SVG polyline `points` string. */
export const SPARKLINE_MAX_POINTS = 30;

/** Keeps at most `max` values by summing adjacent buckets (totals stay meaningful for counts). */
export function downsample(values: readonly number[], max = SPARKLINE_MAX_POINTS): number[] {
  const finite = values.map((value) => (Number.isFinite(value) ? value : 0));
  if (finite.length <= max) return finite;
  const result = new Array<number>(max).fill(0);
  for (let i = 0; i < finite.length; i++) result[Math.floor((i * max) / finite.length)]! += finite[i]!;
  return result;
}

/** Polyline points in a width × height box, y growing downwards, 1px margin so strokes are not cut. */
export function sparklinePoints(values: readonly number[], width: number, height: number): string {
  const sampled = downsample(values);
  if (sampled.length === 0) return '';
  // A single value is drawn as a flat line (a one-point polyline draws nothing).
  const series = sampled.length === 1 ? [sampled[0]!, sampled[0]!] : sampled;
  const max = Math.max(...series);
  const usable = height - 2;
  const stepX = width / (series.length - 1);
  return series
    .map((value, index) => {
      const x = index * stepX;
      const y = 1 + (max > 0 ? usable - (value / max) * usable : usable);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}
