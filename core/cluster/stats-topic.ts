/**
 * The stats topic of a cluster (`vigil.<cluster>.stats`: keyed by analyzer id, delete policy, one
 * day; docs/scaling.md). A stats publisher or a fleet reader creates it when it is missing, with the
 * same settings as the rest of the cluster's topics (ensure-topics.ts); where ACLs forbid creating
 * topics, an operator creates it beforehand and the error says which topic.
 */
import type { Admin } from 'kafkajs';
import { clusterTopicConfigs } from './ensure-topics';
import { clusterTopics } from './topics';

export async function ensureStatsTopic(admin: Admin, cluster: string): Promise<string> {
  const topic = clusterTopics(cluster).stats;
  if ((await admin.listTopics()).includes(topic)) return topic;
  const config = clusterTopicConfigs(cluster, { partitions: 1 }).find((t) => t.topic === topic)!;
  try {
    await admin.createTopics({ topics: [config], waitForLeaders: true });
  } catch (error) {
    // Another member may have created it in the meantime: only a topic still missing is an error.
    if (!(await admin.listTopics()).includes(topic))
      throw new Error(
        `the stats topic ${topic} is missing and could not be created: ${(error as Error).message}`,
      );
  }
  return topic;
}
