/**
 * The console role (docs/scaling.md): no log source; the cluster's alerts are materialized from its
 * compacted alerts topic and followed live, and actions go to its actions topic, applied by the
 * analyzer owning each alert.
 */
import { Kafka } from 'kafkajs';
import type { Alert, KafkaConfig } from '../../contract';
import { ensureClusterTopics } from '../../cluster/ensure-topics';
import { toKafkaJsConfig } from '../../ingest/kafka-client-config';
import { kafkaJsLogCreator, secretsOf, stderrSourceLogger, type SourceLogger } from '../../ingest/kafka-log';
import { ViewAlerts } from './cluster-alerts';
import { FollowSource } from './follow-source';
import { startFleet } from './fleet-role';
import type { RoleRuntime } from './role-runtime';

export interface ConsoleRoleParts {
  kafka: KafkaConfig;
  cluster: string;
  who: () => string;
  /** The cluster's alerts as they change (the engine's event batches to the window). */
  onAlerts?: (alerts: Alert[]) => void;
  logger?: SourceLogger;
  /** Partitions of the keyed topics if this console is the first of its cluster and creates them. */
  partitions?: number;
}

/** The cluster's topics, created when missing (an operator may have created them: then read only). */
export async function ensureTopics(
  kafka: KafkaConfig,
  cluster: string,
  partitions: number,
  logger: SourceLogger,
) {
  const client = new Kafka(toKafkaJsConfig(kafka, kafkaJsLogCreator(logger, secretsOf(kafka))));
  const admin = client.admin();
  await admin.connect();
  try {
    await ensureClusterTopics(admin, cluster, { partitions });
  } finally {
    await admin.disconnect();
  }
}

export async function startConsoleRole(parts: ConsoleRoleParts): Promise<RoleRuntime> {
  const logger = parts.logger ?? stderrSourceLogger;
  await ensureTopics(parts.kafka, parts.cluster, parts.partitions ?? 6, logger);
  const alerts = new ViewAlerts({
    kafka: parts.kafka,
    cluster: parts.cluster,
    who: parts.who,
    logger,
    ...(parts.onAlerts === undefined ? {} : { onChange: parts.onAlerts }),
  });
  try {
    await alerts.start();
  } catch (error) {
    await alerts.stop().catch(() => undefined);
    throw error;
  }
  const fleet = await startFleet({ kafka: parts.kafka, cluster: parts.cluster, role: 'console', logger });
  return {
    role: 'console',
    cluster: parts.cluster,
    analyzerId: null,
    source: new FollowSource(() => alerts.view.problem()),
    alerts,
    collect: () => undefined,
    problem: () => null, // the follow source says it, as the console's source
    status: () => ({
      role: 'console',
      cluster: parts.cluster,
      analyzerId: null,
      alerts: alerts.size(),
      foldPartitions: [],
      transactions: null,
      badRecords: alerts.badRecords(),
    }),
    fleet,
    stop: async () => {
      await fleet.stop();
      await alerts.stop();
    },
  };
}
