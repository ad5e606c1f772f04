/**
 * A feed that holds still. New and updated alerts never move the rows on screen: the list keeps the
 * order it was last applied in, shows each alert's latest data in its old place, and counts what is
 * waiting (new alerts, a changed order) until the engineer applies it, as the live tail's "Resume"
 * does. A change of filter or grouping is the engineer's own act, so it applies at once.
 */
import type { Alert } from '../../../core/contract';
import type { AlertFeedItem } from './alert-feed';

/** The feed as last applied, and what it was applied for (filter, grouping). */
export interface AppliedFeed {
  items: AlertFeedItem[];
  basis: readonly unknown[];
}

export interface HeldView {
  /** What the list shows. */
  items: AlertFeedItem[];
  /** Alerts of the fresh feed that the list does not show yet. */
  newCount: number;
  /** The fresh feed differs from what is shown (new alerts, another order, alerts gone). */
  stale: boolean;
}

function key(item: AlertFeedItem): string {
  return item.kind === 'alert' ? item.alert.id : `group:${item.key}`;
}

function sameBasis(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}

/** Whether the fresh feed should replace the applied one without asking: first, empty, or new basis. */
export function needsApply(applied: AppliedFeed | null, basis: readonly unknown[]): boolean {
  return applied === null || applied.items.length === 0 || !sameBasis(applied.basis, basis);
}

/** The applied order with every alert's latest data, and what the fresh feed has waiting. */
export function heldView(
  applied: AppliedFeed,
  fresh: readonly AlertFeedItem[],
  byId: ReadonlyMap<string, Alert>,
): HeldView {
  const shown = new Set<string>();
  const items = applied.items.map((item): AlertFeedItem => {
    if (item.kind !== 'alert') return item;
    shown.add(item.alert.id);
    const latest = byId.get(item.alert.id);
    return latest === undefined || latest === item.alert ? item : { kind: 'alert', alert: latest };
  });
  let newCount = 0;
  for (const item of fresh) if (item.kind === 'alert' && !shown.has(item.alert.id)) newCount++;
  let stale = newCount > 0 || fresh.length !== items.length;
  for (let i = 0; !stale && i < items.length; i++) stale = key(items[i]!) !== key(fresh[i]!);
  return { items, newCount, stale };
}
