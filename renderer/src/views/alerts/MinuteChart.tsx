/**
 * A bar chart of an incident's logs per minute (uPlot, as the Overview's charts). Redrawn only when
 * the counts change; colors come from the theme's CSS variables, so it is rebuilt on a theme change.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import { formatCount } from '../../lib/format';
import type { IncidentMinute } from '../../../../core/contract';
import { minuteColumns } from '../../lib/minute-counts';
import type { Theme } from '../../stores/ui';
import { cssVar, fromZero, themedAxis } from '../../components/chart-theme';

const MIN_SPAN_S = 10 * 60;

export function MinuteChart({
  points,
  theme,
  height = 120,
}: {
  points: readonly IncidentMinute[];
  theme: Theme;
  height?: number;
}) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const axisStyle = themedAxis();
    const bars = uPlot.paths.bars?.({ size: [0.8, 24] });
    const instance = new uPlot(
      {
        width: Math.max(200, element.clientWidth),
        height,
        scales: {
          // At least ten minutes wide, so one minute of counts is a bar, not a span of years.
          x: {
            time: true,
            auto: false,
          },
          y: { range: fromZero },
        },
        series: [
          {},
          {
            label: 'logs / min',
            stroke: cssVar('--chart-1'),
            fill: cssVar('--chart-1'),
            width: 1,
            points: { show: false },
            ...(bars ? { paths: bars } : {}),
            value: (_u: uPlot, value: number | null) => (value === null ? '—' : formatCount(value)),
          },
        ],
        axes: [axisStyle, { ...axisStyle, size: 48 }],
        cursor: { drag: { x: false, y: false } },
        legend: { live: true },
      },
      [[], []],
      element,
    );
    chart.current = instance;
    const resize = new ResizeObserver(() => {
      const width = Math.max(200, element.clientWidth);
      if (width !== instance.width) instance.setSize({ width, height });
    });
    resize.observe(element);
    return () => {
      resize.disconnect();
      instance.destroy();
      chart.current = null;
    };
  }, [theme, height]);

  useEffect(() => {
    const instance = chart.current;
    if (instance === null) return;
    const columns = minuteColumns(points);
    instance.setData(columns);
    const last = columns[0].at(-1);
    if (last !== undefined)
      instance.setScale('x', { min: Math.min(columns[0][0]!, last - MIN_SPAN_S) - 30, max: last + 30 });
  }, [points, theme, height]);

  return (
    <figure className="chart" data-testid="incident-chart" data-points={points.length}>
      <figcaption className="chart-title">Logs per minute</figcaption>
      <div ref={host} className="chart-canvas" />
    </figure>
  );
}
