/**
 * A uPlot (canvas) time series of the stats history. It bypasses React for updates: it subscribes to
 * the status store itself and calls `setData` at most twice a second, so a chart costs no React
 * render per batch. Colors come from the theme's CSS variables, so the chart is rebuilt when the
 * theme changes.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useStatusStore, type StatsPoint } from '../stores/status';
import type { Theme } from '../stores/ui';
import { axisTicks } from '../lib/format';
import { cssVar, fromZero, themedAxis } from './chart-theme';

export interface ChartSeries {
  label: string;
  /** CSS variable holding the color, e.g. `--chart-1`. */
  colorVar: string;
  pick: (point: StatsPoint) => number | null;
}

export interface TimeChartProps {
  title: string;
  series: readonly ChartSeries[];
  /** Legend values. */
  format: (value: number) => string;
  /** Axis ticks: value × scale, then suffix (e.g. 100 and '%' for a fraction). */
  axisUnit: { scale: number; suffix: string };
  theme: Theme;
  testId: string;
  height?: number;
}

const REDRAW_INTERVAL_MS = 500;

function columns(history: readonly StatsPoint[], series: readonly ChartSeries[]): uPlot.AlignedData {
  const x = history.map((point) => point.t / 1000);
  return [x, ...series.map((s) => history.map((point) => s.pick(point)))];
}

export function TimeChart({ title, series, format, axisUnit, theme, testId, height = 160 }: TimeChartProps) {
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const axisStyle = themedAxis();
    const options: uPlot.Options = {
      width: Math.max(200, element.clientWidth),
      height,
      scales: { x: { time: true }, y: { range: fromZero } },
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: cssVar(s.colorVar),
          width: 1.5,
          points: { show: false },
          value: (_u: uPlot, value: number | null) => (value === null ? '—' : format(value)),
        })),
      ],
      axes: [
        axisStyle,
        {
          ...axisStyle,
          size: 64,
          values: (_u, splits, _axis, _space, increment) =>
            axisTicks(splits, increment, axisUnit.scale, axisUnit.suffix),
        },
      ],
      cursor: { drag: { x: false, y: false } },
      legend: { live: true },
    };
    const chart = new uPlot(options, columns(useStatusStore.getState().history, series), element);

    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastDrawn = 0;
    const unsubscribe = useStatusStore.subscribe((state, previous) => {
      if (state.history === previous.history || timer !== null) return;
      timer = setTimeout(
        () => {
          timer = null;
          lastDrawn = Date.now();
          chart.setData(columns(useStatusStore.getState().history, series));
        },
        Math.max(0, lastDrawn + REDRAW_INTERVAL_MS - Date.now()),
      );
    });
    const resize = new ResizeObserver(() => {
      const width = Math.max(200, element.clientWidth);
      if (width !== chart.width) chart.setSize({ width, height });
    });
    resize.observe(element);

    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
      resize.disconnect();
      chart.destroy();
    };
  }, [series, format, axisUnit, theme, height]);

  return (
    <figure className="chart" data-testid={testId}>
      <figcaption className="chart-title">{title}</figcaption>
      <div ref={host} className="chart-canvas" />
    </figure>
  );
}
