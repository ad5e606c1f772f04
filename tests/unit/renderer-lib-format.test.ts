/** The renderer's number formatting (renderer/src/lib/format.ts): axis ticks and figures read at a glance. */
import { describe, expect, it } from 'vitest';
import {
  axisTicks,
  formatBytes,
  formatCount,
  formatDuration,
  formatMs,
  formatPercent,
} from '../../renderer/src/lib/format';

describe('format', () => {
  it('gives axis ticks the decimals their spacing needs, scaled and suffixed', () => {
    expect(axisTicks([0, 0.25, 0.5], 0.25, 1, '')).toEqual(['0.00', '0.25', '0.50']);
    expect(axisTicks([0, 0.002, 0.004], 0.002, 100, '%')).toEqual(['0.0%', '0.2%', '0.4%']);
    expect(axisTicks([0, 50, 100], 50, 1, ' ms')).toEqual(['0 ms', '50 ms', '100 ms']);
  });
  it('formats figures people read at a glance', () => {
    expect(formatPercent(0.0004)).toBe('<0.1%');
    expect(formatPercent(0.123)).toBe('12.3%');
    expect(formatMs(12_500)).toBe('12.5 s');
    expect(formatDuration(3_725)).toBe('1h 2m');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatCount(Number.NaN)).toBe('—');
  });
});
