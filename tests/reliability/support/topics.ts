/** Topic creation for the scenarios, with per-topic broker settings (e.g. a larger message size). */
import { withAdmin } from '../../harness/kafka-fixtures';

export async function createTopic(
  brokers: string[],
  topic: string,
  partitions: number,
  config: Record<string, string> = {},
): Promise<void> {
  await withAdmin(brokers, async (admin) => {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic,
          numPartitions: partitions,
          replicationFactor: 1,
          configEntries: Object.entries(config).map(([name, value]) => ({ name, value })),
        },
      ],
    });
  });
}
