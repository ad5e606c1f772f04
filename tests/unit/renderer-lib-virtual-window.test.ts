/** The renderer's list virtualization (renderer/src/lib/virtual-window.ts): visible range, reveal and scroll anchoring. */
import { describe, expect, it } from 'vitest';
import { anchoredScrollTop, scrollToReveal, visibleRange } from '../../renderer/src/lib/virtual-window';

describe('virtual window', () => {
  it('renders the visible rows plus overscan, clamped to the list', () => {
    expect(visibleRange(0, 240, 24, 5_000, 5)).toEqual({ start: 0, end: 16 });
    expect(visibleRange(2_400, 240, 24, 5_000, 5)).toEqual({ start: 95, end: 116 });
    expect(visibleRange(119_900, 240, 24, 5_000, 5)).toEqual({ start: 4_990, end: 5_000 });
    expect(visibleRange(0, 240, 24, 0, 5)).toEqual({ start: 0, end: 0 });
  });

  it('reveals a row only when it is out of view', () => {
    expect(scrollToReveal(10, 0, 240, 24)).toBe(24);
    expect(scrollToReveal(2, 100, 240, 24)).toBe(48);
    expect(scrollToReveal(5, 0, 240, 24)).toBeNull();
  });

  it('keeps the first visible row in place when rows are prepended', () => {
    const before = ['c', 'b', 'a'];
    const after = ['e', 'd', 'c', 'b', 'a'];
    expect(anchoredScrollTop(before, after, 24 + 5, 24, (k) => k)).toBe(3 * 24 + 5);
    expect(anchoredScrollTop(before, after, 0, 24, (k) => k)).toBe(0);
    expect(anchoredScrollTop(before, ['x'], 30, 24, (k) => k)).toBe(30);
  });
});
