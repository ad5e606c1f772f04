/**
 * Reads a zustand store, re-rendering at most once per `intervalMs`. The engine can update stores
 * ten times a second; numbers and tables people read need a few refreshes per second at most, and
 * this bounds the re-renders of busy views however fast batches arrive.
 *
 * `selector` must return a value that is referentially stable while the state is unchanged (a field
 * of the state, not a freshly built object): derive in `useMemo` from what it returns.
 */
import { useCallback, useSyncExternalStore } from 'react';
import type { StoreApi } from 'zustand';

export function useThrottledStore<S, T>(
  store: StoreApi<S>,
  selector: (state: S) => T,
  intervalMs: number,
): T {
  const subscribe = useCallback(
    (notify: () => void) => {
      let timer: ReturnType<typeof setTimeout> | null = null;
      let lastNotified = 0;
      const unsubscribe = store.subscribe(() => {
        if (timer !== null) return;
        timer = setTimeout(
          () => {
            timer = null;
            lastNotified = Date.now();
            notify();
          },
          Math.max(0, lastNotified + intervalMs - Date.now()),
        );
      });
      return () => {
        unsubscribe();
        if (timer !== null) clearTimeout(timer);
      };
    },
    [store, intervalMs],
  );
  return useSyncExternalStore(subscribe, () => selector(store.getState()));
}
