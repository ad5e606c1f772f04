/**
 * A consumer group as the cluster tests check it through the admin client: its committed offsets
 * against the topic's high watermarks (nothing left unanalyzed, nothing analyzed but uncommitted),
 * and a wait for its members to have joined.
 */
import { eventually, withAdmin } from '../../harness/kafka-fixtures';

type ByPartition = Record<number, string>;

const byPartition = (rows: ReadonlyArray<{ partition: number; offset: string }>): ByPartition =>
  Object.fromEntries(rows.map((r) => [r.partition, r.offset]));

/** The group's committed offset and the high watermark of every partition of `topic`. */
export function groupOffsets(
  brokers: string[],
  groupId: string,
  topic: string,
): Promise<{ committed: ByPartition; high: ByPartition }> {
  return withAdmin(brokers, async (admin) => {
    const [committed, ends] = await Promise.all([
      admin.fetchOffsets({ groupId, topics: [topic] }),
      admin.fetchTopicOffsets(topic),
    ]);
    return {
      committed: byPartition(committed[0]!.partitions),
      high: byPartition(ends.map((e) => ({ partition: e.partition, offset: e.high }))),
    };
  });
}

/** Whether the group has committed every partition of `topic` up to its high watermark. */
export async function committedToHigh(brokers: string[], groupId: string, topic: string): Promise<boolean> {
  const { committed, high } = await groupOffsets(brokers, groupId, topic);
  return JSON.stringify(committed) === JSON.stringify(high);
}

/** Waits until the group is Stable with `members` members. */
export function groupJoined(
  brokers: string[],
  groupId: string,
  members: number,
  what: string,
  timeoutMs: number,
): Promise<void> {
  return eventually(
    what,
    () =>
      withAdmin(brokers, async (admin) => {
        const [group] = (await admin.describeGroups([groupId])).groups;
        return group?.state === 'Stable' && group.members.length === members;
      }),
    timeoutMs,
  );
}

/** How many logs the group has committed, over every partition of `topic`. */
export function committedCount(brokers: string[], groupId: string, topic: string): Promise<number> {
  return withAdmin(brokers, async (admin) => {
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return (entry?.partitions ?? []).reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
  });
}
