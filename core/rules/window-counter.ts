/**
 * Counts events per key in a sliding window approximated by two fixed windows (the previous
 * window's count weighted by how much of it still overlaps). O(1) per event, bounded keys.
 * Used by thresholded rules ("at least N matches within the window, per group key") and by the
 * brute-force fallback ("more than N security failures within a minute").
 */
export interface WindowCounterOptions {
  windowMs: number;
  maxKeys: number;
}

interface Window {
  start: number;
  count: number;
  previous: number;
}

export class WindowCounter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly options: WindowCounterOptions) {
    if (!(options.windowMs > 0) || !(options.maxKeys >= 1)) throw new Error('invalid window counter options');
  }

  /** Counts one event and returns the estimated number of events for `key` in the last window. */
  hit(key: string, now: number): number {
    const size = this.options.windowMs;
    const start = now - (now % size);
    let w = this.windows.get(key);
    if (w === undefined) {
      if (this.windows.size >= this.options.maxKeys) {
        const oldest = this.windows.keys().next();
        if (!oldest.done) this.windows.delete(oldest.value);
      }
      w = { start, count: 0, previous: 0 };
      this.windows.set(key, w);
    } else if (start > w.start) {
      w.previous = start - w.start === size ? w.count : 0;
      w.start = start;
      w.count = 0;
      this.windows.delete(key);
      this.windows.set(key, w);
    }
    w.count += 1;
    const overlap = 1 - (now - w.start) / size;
    return w.count + Math.floor(w.previous * overlap);
  }
}
