/**
 * What the uPlot charts share: their colours, read from the theme's CSS variables (a chart is rebuilt
 * when the theme changes), the axis style in those colours, and a y scale from zero.
 */
import type uPlot from 'uplot';

/** A CSS variable of the current theme, e.g. `--chart-1`; grey when the stylesheet leaves it unset. */
export function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

/** An axis in the theme's chart colours: `--chart-axis` for labels, `--chart-grid` for grid and ticks. */
export function themedAxis(): uPlot.Axis {
  const grid = cssVar('--chart-grid');
  return {
    stroke: cssVar('--chart-axis'),
    grid: { stroke: grid, width: 1 },
    ticks: { stroke: grid, width: 1 },
  };
}

/** The y range: from zero to a tenth above the highest value (to 1 when every value is zero). */
export const fromZero: uPlot.Range.Function = (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1];
