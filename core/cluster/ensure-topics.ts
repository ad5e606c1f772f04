/**
 * Creates a cluster's own topics when they are missing (docs/scaling.md: keys, compaction,
 * retention) and checks that the fingerprint-keyed ones share one partition count, which the fold's
 * co-partitioning needs. Where ACLs forbid creating topics, an operator creates them beforehand.
 */
import type { Admin, ITopicConfig } from 'kafkajs';
import { clusterTopics } from './topics';

export interface ClusterTopicOptions {
  /** Partitions of the evidence, actions and alerts topics: at most this many members share the fold. */
  partitions: number;
  replicationFactor?: number;
}

const DAY_MS = 24 * 3_600_000;

export function clusterTopicConfigs(cluster: string, options: ClusterTopicOptions): ITopicConfig[] {
  const t = clusterTopics(cluster);
  const replicationFactor = options.replicationFactor ?? -1; // -1: the broker's default
  const keyed = (topic: string, configEntries: Array<{ name: string; value: string }>): ITopicConfig => ({
    topic,
    numPartitions: options.partitions,
    replicationFactor,
    configEntries,
  });
  return [
    keyed(t.evidence, [{ name: 'retention.ms', value: String(7 * DAY_MS) }]),
    keyed(t.actions, [{ name: 'retention.ms', value: String(30 * DAY_MS) }]),
    keyed(t.alerts, [
      { name: 'cleanup.policy', value: 'compact' },
      { name: 'min.compaction.lag.ms', value: String(60_000) },
    ]),
    {
      topic: t.stats,
      numPartitions: 1,
      replicationFactor,
      configEntries: [{ name: 'retention.ms', value: String(DAY_MS) }],
    },
  ];
}

/** Creates what is missing; throws a readable error when the keyed topics' partition counts differ. */
export async function ensureClusterTopics(admin: Admin, cluster: string, options: ClusterTopicOptions) {
  const wanted = clusterTopicConfigs(cluster, options);
  const existing = new Set(await admin.listTopics());
  const missing = wanted.filter((t) => !existing.has(t.topic));
  if (missing.length > 0) await admin.createTopics({ topics: missing, waitForLeaders: true });
  const t = clusterTopics(cluster);
  const keyed = [t.evidence, t.actions, t.alerts];
  const { topics } = await admin.fetchTopicMetadata({ topics: keyed });
  const counts = new Map(topics.map((m) => [m.name, m.partitions.length]));
  const distinct = new Set(keyed.map((name) => counts.get(name)));
  if (distinct.size !== 1) {
    const listed = keyed.map((name) => `${name}: ${counts.get(name) ?? '?'}`).join(', ');
    throw new Error(`the cluster's keyed topics need one partition count (${listed})`);
  }
  return { partitions: counts.get(t.evidence)! };
}
