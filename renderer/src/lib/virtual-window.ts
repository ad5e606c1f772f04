/** Which rows of a fixed-row-height list are on screen: the arithmetic behind `VirtualList`. */
export interface VisibleRange {
  /** First index to render (inclusive). */
  start: number;
  /** Last index to render (exclusive). */
  end: number;
}

export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  count: number,
  overscan: number,
): VisibleRange {
  if (count === 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const shown = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  return {
    start: Math.max(0, Math.min(count, first - overscan)),
    end: Math.min(count, first + shown + overscan),
  };
}

/** The scrollTop that brings row `index` fully into view, or null when it already is. */
export function scrollToReveal(
  index: number,
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
): number | null {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return null;
}

/** Scroll position in the new list that keeps the previously first visible row where it was. */
export function anchoredScrollTop<T>(
  previous: readonly T[],
  next: readonly T[],
  scrollTop: number,
  rowHeight: number,
  getKey: (item: T) => string | number,
): number {
  if (scrollTop <= 0) return 0;
  const firstIndex = Math.floor(scrollTop / rowHeight);
  const anchor = previous[firstIndex];
  if (anchor === undefined) return scrollTop;
  const key = getKey(anchor);
  for (let i = 0; i < next.length; i++) {
    if (getKey(next[i]!) === key) return i * rowHeight + (scrollTop - firstIndex * rowHeight);
  }
  return scrollTop;
}
