/**
 * Since when each key (a template id) has been seen, bounded: the oldest keys are forgotten first.
 * Tells a routine repeating message (seen for a long time) from a new one.
 */
export class RecurrenceTracker {
  private readonly firstSeen = new Map<string, number>();

  constructor(private readonly maxKeys = 10_000) {}

  /** Records a sighting of `key`; returns how long it has been seen (0 the first time). */
  seenFor(key: string, now: number): number {
    const first = this.firstSeen.get(key);
    if (first !== undefined) return now - first;
    if (this.firstSeen.size >= this.maxKeys) {
      const oldest = this.firstSeen.keys().next();
      if (!oldest.done) this.firstSeen.delete(oldest.value);
    }
    this.firstSeen.set(key, now);
    return 0;
  }
}
