/** Moving a list selection with j/k: clamped to the list, starting at the top when nothing is selected. */
export function stepSelection(current: number, count: number, direction: 1 | -1): number {
  if (count === 0) return -1;
  if (current < 0) return 0;
  if (current >= count) return count - 1;
  return Math.min(count - 1, Math.max(0, current + direction));
}

/**
 * Keeps a selection on the same item when the list changes under it (new logs arrive, alerts are
 * re-sorted): the index of the selected key in the new list, or -1 when it is gone.
 */
export function indexOfKey<T>(
  items: readonly T[],
  keyOf: (item: T) => string | number,
  key: string | number | null,
): number {
  if (key === null) return -1;
  for (let i = 0; i < items.length; i++) if (keyOf(items[i]!) === key) return i;
  return -1;
}
