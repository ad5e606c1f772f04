/**
 * A feed that holds still. New and updated rows never move the rows on screen: the list keeps the
 * order it was last applied in, shows each row's latest data in its old place, and counts what is
 * waiting (new rows, a changed order) until the engineer applies it, as the live tail's "Resume"
 * does. A change of filter, grouping or expansion is the engineer's own act, so it applies at once.
 *
 * One mechanism for every held list: the alert feed and the incident feed differ only in how an item
 * is keyed, whether it counts as a row (not a group header), and how it is refreshed with the latest
 * data (`HeldAdapter`).
 */
import type { Alert } from '../../../core/contract';
import type { AlertFeedItem } from './alert-feed';

/** The feed as last applied, and what it was applied for (filter, grouping, expansion). */
export interface AppliedFeed<T = AlertFeedItem> {
  items: T[];
  basis: readonly unknown[];
}

export interface HeldView<T = AlertFeedItem> {
  /** What the list shows. */
  items: T[];
  /** Rows of the fresh feed that the list does not show yet. */
  newCount: number;
  /** The fresh feed differs from what is shown (new rows, another order, rows gone). */
  stale: boolean;
}

/** How one kind of feed is held: its items' keys, which items are rows, and their latest data. */
export interface HeldAdapter<T> {
  key: (item: T) => string;
  /** Rows count as new; group headers do not. */
  isRow: (item: T) => boolean;
  /** The item with its latest data (the same object when nothing changed). */
  refresh: (item: T) => T;
}

function sameBasis(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}

/** Whether the fresh feed should replace the applied one without asking: first, empty, or new basis. */
export function needsApply<T>(applied: AppliedFeed<T> | null, basis: readonly unknown[]): boolean {
  return applied === null || applied.items.length === 0 || !sameBasis(applied.basis, basis);
}

/** The applied order with every row's latest data, and what the fresh feed has waiting. */
export function heldItems<T>(
  applied: AppliedFeed<T>,
  fresh: readonly T[],
  adapter: HeldAdapter<T>,
): HeldView<T> {
  const shown = new Set<string>();
  const items = applied.items.map((item) => {
    if (!adapter.isRow(item)) return item;
    shown.add(adapter.key(item));
    return adapter.refresh(item);
  });
  let newCount = 0;
  for (const item of fresh) if (adapter.isRow(item) && !shown.has(adapter.key(item))) newCount++;
  let stale = newCount > 0 || fresh.length !== items.length;
  for (let i = 0; !stale && i < items.length; i++) stale = adapter.key(items[i]!) !== adapter.key(fresh[i]!);
  return { items, newCount, stale };
}

/** The alert feed held still: rows refreshed from the alerts by id. */
export function heldView(
  applied: AppliedFeed,
  fresh: readonly AlertFeedItem[],
  byId: ReadonlyMap<string, Alert>,
): HeldView {
  return heldItems(applied, fresh, {
    key: (item) => (item.kind === 'alert' ? item.alert.id : `group:${item.key}`),
    isRow: (item) => item.kind === 'alert',
    refresh: (item) => {
      if (item.kind !== 'alert') return item;
      const latest = byId.get(item.alert.id);
      return latest === undefined || latest === item.alert ? item : { kind: 'alert', alert: latest };
    },
  });
}
