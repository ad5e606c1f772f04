/**
 * A list of fixed-height rows that renders only the rows on screen (plus a few either side), so a
 * 5,000-row tail costs the same as a 40-row one.
 *
 * When the list changes while scrolled away from the top (new logs prepended, alerts re-sorted), the
 * first visible row keeps its place on screen instead of being pushed away; at the top, the list
 * follows new rows. The selected row is scrolled into view when the selection moves.
 */
import { useEffectEvent, useLayoutEffect, useRef, useState, type ReactNode, type UIEvent } from 'react';
import { flushSync } from 'react-dom';
import { indexOfKey } from '../lib/selection';
import { anchoredScrollTop, scrollToReveal, visibleRange } from '../lib/virtual-window';

export interface VirtualListProps<T> {
  items: readonly T[];
  rowHeight: number;
  getKey: (item: T) => string | number;
  renderRow: (item: T, index: number) => ReactNode;
  /** Key of the selected row: brought into view when the selection changes (not when rows move). */
  selectedKey?: string | number | null;
  overscan?: number;
  className?: string;
  testId?: string;
  ariaLabel: string;
}

export function VirtualList<T>(props: VirtualListProps<T>) {
  const { items, rowHeight, getKey, renderRow, selectedKey = null, overscan = 8 } = props;
  const container = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(0);
  const [previousItems, setPreviousItems] = useState(items);

  // Adjusting state while rendering (React's pattern for "derived from a prop change"): the rows
  // below are computed from the anchored position in this same render, so nothing flickers.
  let effectiveScrollTop = scrollTop;
  if (items !== previousItems) {
    effectiveScrollTop = anchoredScrollTop(previousItems, items, scrollTop, rowHeight, getKey);
    setPreviousItems(items);
    if (effectiveScrollTop !== scrollTop) setScrollTop(effectiveScrollTop);
  }

  useLayoutEffect(() => {
    const element = container.current;
    if (element && Math.abs(element.scrollTop - scrollTop) >= 1) element.scrollTop = scrollTop;
  }, [scrollTop]);

  useLayoutEffect(() => {
    const element = container.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewportHeight(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // Reads the latest rows without making them a dependency: a live list must not pull the view back
  // to the selected row every time new rows arrive, only when the user moves the selection.
  const revealSelected = useEffectEvent(() => {
    const element = container.current;
    const index = indexOfKey(items, getKey, selectedKey);
    if (!element || index < 0) return;
    const target = scrollToReveal(index, element.scrollTop, element.clientHeight, rowHeight);
    if (target !== null) element.scrollTop = target;
  });
  useLayoutEffect(() => revealSelected(), [selectedKey]);

  // Rendered synchronously: a scroll update left at its default (lower) priority could be applied
  // after a newer anchored position from a store update was committed, and move the list back.
  // Synchronous is also what virtual scrolling wants: the new rows are there in the same frame.
  const onScroll = (event: UIEvent<HTMLDivElement>) => {
    const top = event.currentTarget.scrollTop;
    flushSync(() => setScrollTop(top));
  };

  const range = visibleRange(effectiveScrollTop, viewportHeight, rowHeight, items.length, overscan);
  const rows: ReactNode[] = [];
  for (let index = range.start; index < range.end; index++) {
    const item = items[index]!;
    rows.push(
      <div
        key={getKey(item)}
        className="vlist-row"
        role="listitem"
        style={{ transform: `translateY(${index * rowHeight}px)`, height: rowHeight }}
      >
        {renderRow(item, index)}
      </div>,
    );
  }

  return (
    <div
      ref={container}
      className={`vlist ${props.className ?? ''}`}
      onScroll={onScroll}
      role="list"
      aria-label={props.ariaLabel}
      data-testid={props.testId}
      data-count={items.length}
    >
      <div className="vlist-spacer" style={{ height: items.length * rowHeight }}>
        {rows}
      </div>
    </div>
  );
}
