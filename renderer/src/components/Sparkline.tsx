/** A pattern's recent trend as a tiny inline SVG (≤ 30 points; no canvas per row). */
import { memo } from 'react';
import { sparklinePoints } from '../lib/sparkline';

const WIDTH = 96;
const HEIGHT = 20;

export const Sparkline = memo(function Sparkline({
  values,
  label,
}: {
  values: readonly number[];
  label: string;
}) {
  const points = sparklinePoints(values, WIDTH, HEIGHT);
  return (
    <svg
      className="sparkline"
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={label}
    >
      {points !== '' && <polyline points={points} />}
    </svg>
  );
});
