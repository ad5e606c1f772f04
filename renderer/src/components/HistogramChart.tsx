/**
 * A uPlot chart of a history histogram: logs per minute, one line per level, over the searched range
 * (minutes without logs drawn as zero). Drawn once per answer; colors from the theme's variables.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { LogHistogram } from '../../../core/contract';
import { histogramColumns } from '../lib/histogram-columns';
import type { Theme } from '../stores/ui';
import { cssVar, fromZero, themedAxis } from './chart-theme';

const LEVEL_COLORS: Record<string, string> = {
  fatal: '--chart-4',
  error: '--chart-2',
  warn: '--chart-4',
  info: '--chart-1',
  debug: '--chart-3',
  trace: '--chart-3',
  none: '--chart-axis',
};

export function HistogramChart({
  histogram,
  from,
  to,
  theme,
  height = 140,
}: {
  histogram: LogHistogram;
  from: number;
  to: number;
  theme: Theme;
  height?: number;
}) {
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const { levels, data } = histogramColumns(histogram, from, to);
    const axisStyle = themedAxis();
    const chart = new uPlot(
      {
        width: Math.max(200, element.clientWidth),
        height,
        scales: { x: { time: true }, y: { range: fromZero } },
        series: [
          {},
          ...levels.map((level) => ({
            label: level,
            stroke: cssVar(LEVEL_COLORS[level] ?? '--chart-axis'),
            width: 1.5,
            points: { show: false },
          })),
        ],
        axes: [axisStyle, { ...axisStyle, size: 56 }],
        cursor: { drag: { x: false, y: false } },
        legend: { live: true },
      },
      data,
      element,
    );
    const resize = new ResizeObserver(() => {
      const width = Math.max(200, element.clientWidth);
      if (width !== chart.width) chart.setSize({ width, height });
    });
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [histogram, from, to, theme, height]);

  return (
    <figure className="chart" data-testid="history-histogram">
      <figcaption className="chart-title">
        Logs per minute by level · {histogram.total.toLocaleString()} in range
      </figcaption>
      <div ref={host} className="chart-canvas" />
    </figure>
  );
}
