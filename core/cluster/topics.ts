/**
 * The names of Vigil's own Kafka topics and consumer groups for one cluster (docs/scaling.md). The
 * cluster name prefixes them all, so several teams share one Kafka without meeting.
 */
export interface ClusterTopics {
  /** Repartition topic: alert evidence keyed by alert fingerprint. */
  evidence: string;
  /** Compacted: the latest state of each alert, keyed by fingerprint. */
  alerts: string;
  /** Acknowledge, snooze, resolve and notes, keyed by fingerprint, with who and when. */
  actions: string;
  /** Each analyzer's stats and health, keyed by analyzer id. */
  stats: string;
}

export function clusterTopics(cluster: string): ClusterTopics {
  const prefix = `vigil.${cluster}`;
  return {
    evidence: `${prefix}.evidence`,
    alerts: `${prefix}.alerts`,
    actions: `${prefix}.actions`,
    stats: `${prefix}.stats`,
  };
}

/** The consumer groups of a cluster's analyzers: one over the log topics, one folding evidence. */
export function clusterGroups(cluster: string): { logs: string; fold: string } {
  return { logs: `vigil.${cluster}.analyzers`, fold: `vigil.${cluster}.fold` };
}
