/** The renderer's sparklines (renderer/src/lib/sparkline.ts): downsampling and SVG points. */
import { describe, expect, it } from 'vitest';
import { downsample, sparklinePoints, SPARKLINE_MAX_POINTS } from '../../renderer/src/lib/sparkline';

describe('sparkline', () => {
  it('keeps at most 30 points, preserving the total', () => {
    const values = Array.from({ length: 95 }, (_, i) => i % 7);
    const sampled = downsample(values);
    expect(sampled).toHaveLength(SPARKLINE_MAX_POINTS);
    expect(sampled.reduce((a, b) => a + b, 0)).toBe(values.reduce((a, b) => a + b, 0));
  });
  it('scales into the box and draws flat lines for single or all-zero series', () => {
    expect(sparklinePoints([0, 5, 10], 100, 22)).toBe('0.0,21.0 50.0,11.0 100.0,1.0');
    expect(sparklinePoints([3], 100, 22)).toBe('0.0,1.0 100.0,1.0');
    expect(sparklinePoints([0, 0], 100, 22)).toBe('0.0,21.0 100.0,21.0');
    expect(sparklinePoints([], 100, 22)).toBe('');
    expect(sparklinePoints([Number.NaN, 1], 100, 22)).toBe('0.0,21.0 100.0,1.0');
  });
});
