/**
 * The applied log offsets kept WITH the alert state (issue 19, standalone `workers: N`,
 * docs/scaling.md "Standalone on every core"): per log partition, the offset after the last batch
 * whose alerts the store holds. Written in the same journal line as those alerts (and in the
 * snapshot), so state and offsets are durable together: after a crash between that line and the
 * Kafka commit, the batch read again is recognised as applied and not counted twice (the classic
 * exactly-once trick of offsets stored with the state). Journal field `applied`, snapshot field
 * `applied`: `[group, topic, partition, offset]` entries. Bounded by the partitions a group consumes.
 */

/**
 * `[consumer group, topic, partition, next offset]`: everything the group consumed below `next offset`
 * is in the alert state. Per group: another group (a new one reading from the beginning) reads the
 * same logs afresh, as one thread would.
 */
export type AppliedOffset = [group: string, topic: string, partition: number, offset: string];

/** Most partitions remembered (a group over more is beyond any Vigil installation). */
const MAX_PARTITIONS = 100_000;

const keyOf = (group: string, topic: string, partition: number): string =>
  `${group}\u0000${topic}\u0000${partition}`;

function isApplied(value: unknown): value is AppliedOffset {
  return (
    Array.isArray(value) &&
    value.length === 4 &&
    typeof value[0] === 'string' &&
    typeof value[1] === 'string' &&
    Number.isInteger(value[2]) &&
    typeof value[3] === 'string' &&
    /^\d{1,20}$/.test(value[3])
  );
}

export class OffsetHistory {
  private readonly known = new Map<string, AppliedOffset>();
  private readonly pending = new Map<string, AppliedOffset>();

  constructor(private readonly problem: (text: string) => void) {}

  /** The applied offsets as last loaded or written. */
  current(): AppliedOffset[] {
    return Array.from(this.known.values());
  }

  /** A snapshot's or a journal line's `applied` field (absent: written without workers). */
  acceptAll(raw: unknown, where: string): void {
    if (raw === undefined) return;
    if (!Array.isArray(raw)) {
      this.problem(`applied offsets in ${where} are not a list; skipped`);
      return;
    }
    let bad = 0;
    for (const item of raw) {
      if (isApplied(item)) this.set(this.known, item);
      else bad++;
    }
    if (bad > 0) this.problem(`${bad} invalid applied offset(s) in ${where} skipped`);
  }

  /** Offsets handed to `write`, kept until the next line or snapshot takes them. */
  stage(offsets: readonly AppliedOffset[] | undefined): void {
    for (const entry of offsets ?? []) {
      this.set(this.known, entry);
      this.set(this.pending, entry);
    }
  }

  /** The staged offsets as a journal field (null when there are none), and forgets them. */
  take(): { applied: AppliedOffset[] } | null {
    if (this.pending.size === 0) return null;
    const applied = Array.from(this.pending.values());
    this.pending.clear();
    return { applied };
  }

  private set(map: Map<string, AppliedOffset>, entry: AppliedOffset): void {
    const key = keyOf(entry[0], entry[1], entry[2]);
    map.delete(key);
    map.set(key, [entry[0], entry[1], entry[2], entry[3]]);
    if (map.size > MAX_PARTITIONS) map.delete(map.keys().next().value!);
  }
}
