/**
 * A kafkajs partition assigner that gives partition i of every subscribed topic to the same member
 * (members sorted by id, partition i to member i mod n). The fold reads a cluster's evidence and
 * actions topics, both keyed by alert fingerprint with the same partition count, so one member owns
 * every record of an alert and writes its state alone. kafkajs's own assigners spread partitions
 * over topics independently and could split an alert's evidence and actions between two members.
 */
import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

export const CO_PARTITION_ASSIGNER = 'VigilCoPartitioned';

/** The assignment as plain data, for the assigner and its test. */
export function coPartition(
  memberIds: readonly string[],
  partitionsByTopic: ReadonlyMap<string, readonly number[]>,
): Map<string, Record<string, number[]>> {
  const members = [...memberIds].sort();
  const out = new Map<string, Record<string, number[]>>(members.map((m) => [m, {}]));
  if (members.length === 0) return out;
  for (const [topic, partitions] of partitionsByTopic) {
    for (const partition of [...partitions].sort((a, b) => a - b)) {
      const assignment = out.get(members[partition % members.length]!)!;
      (assignment[topic] ??= []).push(partition);
    }
  }
  return out;
}

export const coPartitionAssigner: PartitionAssigner = ({ cluster }) => ({
  name: CO_PARTITION_ASSIGNER,
  version: 0,
  assign({ members, topics }) {
    const partitions = new Map(
      topics.map((topic) => [topic, cluster.findTopicPartitionMetadata(topic).map((m) => m.partitionId)]),
    );
    const assignment = coPartition(
      members.map((m) => m.memberId),
      partitions,
    );
    return Promise.resolve(
      [...assignment].map(([memberId, byTopic]) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: 0,
          assignment: byTopic,
          userData: Buffer.alloc(0),
        }),
      })),
    );
  },
  protocol({ topics }) {
    return {
      name: CO_PARTITION_ASSIGNER,
      metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) }),
    };
  },
});
