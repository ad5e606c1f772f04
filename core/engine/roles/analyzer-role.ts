/**
 * The analyzer role (docs/scaling.md), composed from the pieces in core/cluster: the engine's log
 * source joins the cluster's analyzers' group and commits each batch through the evidence
 * publisher's transaction (consume-transform-produce); an AlertFolder member folds the evidence and
 * actions it owns into the compacted alerts topic; the alerts this engine answers with and acts on
 * are the cluster's, materialized from that topic (ViewAlerts), not its partial local ones.
 *
 * One call per engine: `workers: N` calls it once per worker engine, each with its own analyzer id.
 */
import type { Alert, EngineStatus, KafkaConfig } from '../../contract';
import { AlertFolder } from '../../cluster/alert-folder';
import { EvidencePublisher } from '../../cluster/evidence-publisher';
import { clusterGroups } from '../../cluster/topics';
import type { SourceLogger } from '../../ingest/kafka-log';
import { KafkaLogSource, type KafkaSourceOptions } from '../../ingest/kafka-source';
import { ViewAlerts } from './cluster-alerts';
import { startFleet } from './fleet-role';
import type { RoleRuntime } from './role-runtime';

export interface AnalyzerRoleParts {
  /** The start request's Kafka settings (brokers, topics, SASL/TLS); the group is the cluster's. */
  kafka: KafkaConfig;
  cluster: string;
  /** Stable per installation (per worker): names the fold's transactional id, fencing a restarted self. */
  analyzerId: string;
  /** Who acts through this engine (core/alerts/actor.ts). */
  who: () => string;
  /** The cluster's alerts as they change (the engine's event batches to the window). */
  onAlerts?: (alerts: Alert[]) => void;
  /** The engine's local alerts before the start: their counts so far are not evidence. */
  existing: readonly Alert[];
  logger?: SourceLogger;
  /** Partitions of the keyed topics when this analyzer creates them (default 6). */
  partitions?: number;
  /** Group session and transaction timeouts: how soon a dead analyzer's work moves (default 10 s). */
  sessionTimeoutMs?: number;
  /** Tuning of the log consumer (tests and benches). */
  source?: Omit<KafkaSourceOptions, 'commitBatch' | 'logger'>;
  /** Issue 19 (fleet): the engine's status, published to the stats topic (absent: no stats published). */
  engineStatus?: () => Pick<EngineStatus, 'startedAt' | 'health' | 'stats'>;
}

export async function startAnalyzerRole(parts: AnalyzerRoleParts): Promise<RoleRuntime> {
  const { cluster, analyzerId } = parts;
  const kafka: KafkaConfig = { ...parts.kafka, groupId: clusterGroups(cluster).logs };
  const logger = parts.logger === undefined ? {} : { logger: parts.logger };
  const timeoutMs = parts.sessionTimeoutMs ?? 10_000;
  const publisher = new EvidencePublisher({
    kafka,
    cluster,
    analyzerId,
    transactionTimeoutMs: timeoutMs,
    ...logger,
  });
  publisher.prime(parts.existing);
  const folder = new AlertFolder({
    kafka,
    cluster,
    memberId: analyzerId,
    partitions: parts.partitions ?? 6,
    sessionTimeoutMs: timeoutMs,
    transactionTimeoutMs: timeoutMs,
    ...logger,
  });
  const alerts = new ViewAlerts({
    kafka,
    cluster,
    who: parts.who,
    ...logger,
    ...(parts.onAlerts === undefined ? {} : { onChange: parts.onAlerts }),
  });
  const stop = async () => {
    await folder.stop().catch(() => undefined);
    await alerts.stop().catch(() => undefined);
    await publisher.disconnect().catch(() => undefined);
  };
  try {
    await publisher.connect();
    await folder.start(); // creates the cluster's topics when they are missing
    await alerts.start();
  } catch (error) {
    await stop();
    throw error;
  }
  const source = new KafkaLogSource(kafka, {
    ...parts.source,
    consumer: { ...parts.source?.consumer, sessionTimeoutMs: timeoutMs },
    commitBatch: publisher.commit,
    onBatchDropped: publisher.discard,
    onAssigned: publisher.assigned,
    ...logger,
  });
  const engineStatus = parts.engineStatus;
  const fleet = await startFleet({
    kafka,
    cluster,
    role: 'analyzer',
    ...logger,
    ...(engineStatus === undefined
      ? {}
      : {
          publish: {
            analyzerId,
            engineStatus,
            logPartitions: () => source.assigned(),
            fold: () => ({ owned: folder.ownedPartitions(), partitions: folder.partitionCount() }),
          },
        }),
  });
  return {
    role: 'analyzer',
    cluster,
    analyzerId,
    source,
    alerts,
    collect: (changed) => publisher.collect(changed),
    problem: () => folder.problem() ?? alerts.view.problem(),
    status: () => ({
      role: 'analyzer',
      cluster,
      analyzerId,
      alerts: alerts.size(),
      foldPartitions: [...folder.ownedPartitions()].sort((a, b) => a - b),
      transactions: {
        evidence: publisher.counters.transactions,
        fold: folder.counters.transactions,
        aborted: publisher.counters.aborted,
        fenced: publisher.counters.fenced,
      },
      badRecords: alerts.badRecords() + folder.counters.badRecords,
    }),
    fleet,
    stop: async () => {
      await fleet.stop(); // its last stats say it is leaving
      await stop();
    },
  };
}
