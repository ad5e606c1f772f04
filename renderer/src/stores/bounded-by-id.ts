/**
 * The one mechanism behind the alerts and incidents stores: items by id, upserted from event
 * batches and command responses, replaced by a full list on resync, and bounded. Past the cap,
 * resolved items go first (oldest last-seen first), then the oldest of the rest, so that what is
 * still open and recent survives a flood.
 */
export interface Tracked {
  id: string;
  status: string;
  lastSeen: number;
}

export interface BoundedById<T extends Tracked> {
  byId: ReadonlyMap<string, T>;
  /** Whether a full list has been received since connecting (distinguishes "none" from "not yet"). */
  loaded: boolean;
}

function evictBeyond<T extends Tracked>(map: Map<string, T>, cap: number): void {
  if (map.size <= cap) return;
  const byEvictionOrder = [...map.values()].sort((a, b) => {
    const aResolved = a.status === 'resolved' ? 0 : 1;
    const bResolved = b.status === 'resolved' ? 0 : 1;
    return aResolved - bResolved || a.lastSeen - b.lastSeen;
  });
  for (let i = 0; map.size > cap && i < byEvictionOrder.length; i++) map.delete(byEvictionOrder[i]!.id);
}

export function upsertById<T extends Tracked, S extends BoundedById<T>>(
  state: S,
  items: readonly T[],
  cap: number,
): S {
  if (items.length === 0) return state;
  const byId = new Map(state.byId);
  for (const item of items) byId.set(item.id, item);
  evictBeyond(byId, cap);
  return { ...state, byId };
}

/** A full list replaces what we had: items missing from it are gone upstream. */
export function replaceById<T extends Tracked>(items: readonly T[], cap: number): BoundedById<T> {
  const byId = new Map<string, T>();
  for (const item of items) byId.set(item.id, item);
  evictBeyond(byId, cap);
  return { byId, loaded: true };
}
