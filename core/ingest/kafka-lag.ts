/**
 * Per-partition consumer lag: the partition's high watermark (the offset the next produced message
 * will get) minus the group's position (the next offset it will process, i.e. its committed
 * offset). Fed by each batch (its high watermark, then the offset committed after the handler) and
 * by the periodic admin poll (watermarks and committed offsets of partitions that are idle or
 * assigned to other members of the group). Bounded: at most `maxPartitions` partitions tracked.
 */
import type { PartitionLag } from '../contract';

interface PartitionState {
  topic: string;
  partition: number;
  high: bigint | null;
  low: bigint | null;
  position: bigint | null;
}

/** Where a group with no committed offset will start, which decides its lag until it commits. */
export type StartPosition = 'earliest' | 'latest';

function parseOffset(offset: string): bigint | null {
  if (!/^-?\d{1,20}$/.test(offset)) return null;
  const value = BigInt(offset);
  return value >= 0n ? value : null; // -1 means "none" in Kafka responses
}

export class LagTracker {
  private readonly partitions = new Map<string, PartitionState>();
  /** Observations refused because the cap was reached; reported, never silent. */
  private refused = 0;

  constructor(
    private readonly startPosition: StartPosition,
    private readonly maxPartitions = 10_000,
  ) {}

  /** The latest watermarks (kafkajs batch.highWatermark, or admin fetchTopicOffsets high/low). */
  observeWatermarks(topic: string, partition: number, high: string, low?: string): void {
    const state = this.entry(topic, partition);
    if (state === null) return;
    const parsedHigh = parseOffset(high);
    if (parsedHigh !== null) state.high = parsedHigh;
    const parsedLow = low === undefined ? null : parseOffset(low);
    if (parsedLow !== null) state.low = parsedLow;
  }

  /**
   * The group's next offset for the partition. Only moves forward: an admin poll answered just
   * before our own commit landed must not make lag jump back up.
   */
  observePosition(topic: string, partition: number, nextOffset: string): void {
    const parsed = parseOffset(nextOffset);
    if (parsed === null) return;
    const state = this.entry(topic, partition);
    if (state === null) return;
    if (state.position === null || parsed > state.position) state.position = parsed;
  }

  /** Forgets partitions of topics no longer consumed. */
  retainTopics(topics: ReadonlySet<string>): void {
    for (const [key, state] of this.partitions) {
      if (!topics.has(state.topic)) this.partitions.delete(key);
    }
  }

  /** Lag of every partition whose high watermark is known, ordered by topic then partition. */
  snapshot(): PartitionLag[] {
    const result: PartitionLag[] = [];
    for (const state of this.partitions.values()) {
      const lag = this.lagOf(state);
      if (lag !== null) result.push({ topic: state.topic, partition: state.partition, lag });
    }
    return result.sort((a, b) =>
      a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1,
    );
  }

  total(): number {
    return this.snapshot().reduce((sum, entry) => sum + entry.lag, 0);
  }

  /** How many partition observations were refused because `maxPartitions` was reached. */
  refusedObservations(): number {
    return this.refused;
  }

  private lagOf(state: PartitionState): number | null {
    if (state.high === null) return null;
    let position = state.position;
    if (position === null) position = this.startPosition === 'earliest' ? (state.low ?? 0n) : state.high;
    const lag = state.high - position;
    return lag > 0n ? Number(lag) : 0;
  }

  private entry(topic: string, partition: number): PartitionState | null {
    const key = `${topic}\u0000${partition}`;
    let state = this.partitions.get(key);
    if (state === undefined) {
      if (this.partitions.size >= this.maxPartitions) {
        this.refused++;
        return null;
      }
      state = { topic, partition, high: null, low: null, position: null };
      this.partitions.set(key, state);
    }
    return state;
  }
}
