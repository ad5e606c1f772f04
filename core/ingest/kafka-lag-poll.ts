/**
 * One admin round of the lag poll: high/low watermarks of every consumed topic and the group's
 * committed offsets. It covers what batches alone cannot: partitions that are idle, and those
 * assigned to other members of the group.
 */
import type { Admin } from 'kafkajs';
import type { LagTracker } from './kafka-lag';

/**
 * Updates `tracker`. A topic that cannot be read (not created yet, deleted) is skipped; if no
 * topic at all can be read, the first error is thrown, since that means the cluster is unreachable.
 */
export async function pollGroupLag(
  admin: Admin,
  groupId: string,
  topics: readonly string[],
  tracker: LagTracker,
): Promise<void> {
  const readable: string[] = [];
  let firstError: Error | null = null;
  for (const topic of topics) {
    try {
      for (const entry of await admin.fetchTopicOffsets(topic)) {
        tracker.observeWatermarks(topic, entry.partition, entry.high, entry.low);
      }
      readable.push(topic);
    } catch (error) {
      firstError ??= error instanceof Error ? error : new Error(String(error));
    }
  }
  if (readable.length === 0) {
    if (firstError !== null) throw firstError;
    return;
  }
  for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics: readable })) {
    for (const { partition, offset } of partitions) tracker.observePosition(topic, partition, offset);
  }
}
