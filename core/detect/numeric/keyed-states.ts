/**
 * Per-key state with a bound on the number of keys: when full, the least recently *touched* key is
 * dropped. Detectors touch a key once per interval (not per log), so Map insertion order is an
 * approximate LRU paid once per key per interval.
 */
export class KeyedStates<T> {
  private readonly map = new Map<string, T>();
  evicted = 0;

  constructor(readonly maxKeys: number) {
    if (!(maxKeys >= 1)) throw new Error(`maxKeys must be at least 1, got ${maxKeys}`);
  }

  get(key: string): T | undefined {
    return this.map.get(key);
  }

  /** Adds a key, dropping the least recently touched one when full. */
  add(key: string, state: T): T {
    if (this.map.size >= this.maxKeys) {
      const oldest = this.map.keys().next();
      if (!oldest.done) {
        this.map.delete(oldest.value);
        this.evicted += 1;
      }
    }
    this.map.set(key, state);
    return state;
  }

  /** Marks a key as recently used (moves it to the young end). */
  touch(key: string, state: T): void {
    this.map.delete(key);
    this.map.set(key, state);
  }

  get size(): number {
    return this.map.size;
  }
}
