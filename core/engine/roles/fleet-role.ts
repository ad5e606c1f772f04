/**
 * Issue 19: the fleet part of a cluster role (docs/scaling.md). An analyzer publishes its stats to
 * the cluster's stats topic (StatsPublisher) and both roles read the fleet back (FleetView), which
 * `fleet:status` answers. Stats are not what an analyzer is for: if they cannot start (a missing ACL
 * on the stats topic), the role still runs and the fleet status says why, in its notes.
 */
import type { EngineStatus, FleetStatus, KafkaConfig, TopicPartition } from '../../contract';
import { FleetView, type FleetViewOptions } from '../../cluster/fleet-view';
import { StatsPublisher, type StatsPublisherOptions } from '../../cluster/stats-publisher';
import { unionPartitions } from '../../cluster/stats-snapshot';
import { clusterTopics } from '../../cluster/topics';
import { stderrSourceLogger, type SourceLogger } from '../../ingest/kafka-log';

export interface FleetParts {
  kafka: KafkaConfig;
  cluster: string;
  role: 'analyzer' | 'console';
  logger?: SourceLogger;
  /** An analyzer's own stats: its id and where its figures come from. */
  publish?: {
    analyzerId: string;
    /** The engine's status (health, rate, lag, CPU; with `workers: N`, its threads' merged and N). */
    engineStatus: () => Pick<EngineStatus, 'startedAt' | 'health' | 'stats' | 'workers'>;
    logPartitions: () => readonly TopicPartition[];
    fold: () => { owned: readonly number[]; partitions: number | null };
  };
}

/** The Kafka clients the fleet uses (tests hand in doubles to reach the failure paths). */
export interface FleetClients {
  publisher: (options: StatsPublisherOptions) => Pick<StatsPublisher, 'start' | 'stop'>;
  view: (options: FleetViewOptions) => Pick<FleetView, 'start' | 'stop' | 'status'>;
}

const KAFKA_CLIENTS: FleetClients = {
  publisher: (options) => new StatsPublisher(options),
  view: (options) => new FleetView(options),
};

export interface RoleFleet {
  status(): FleetStatus;
  /**
   * More log partitions of this analyzer process (its other engine threads', `workers: N`): its
   * stats publish the union of its own consumer's and these.
   */
  addLogPartitions(more: () => readonly TopicPartition[]): void;
  stop(): Promise<void>;
}

export async function startFleet(parts: FleetParts, clients = KAFKA_CLIENTS): Promise<RoleFleet> {
  const logger = parts.logger ?? stderrSourceLogger;
  const problems: string[] = [];
  const startedAt = Date.now();
  const publish = parts.publish;
  const morePartitions: Array<() => readonly TopicPartition[]> = [];
  const publisher =
    publish === undefined
      ? null
      : clients.publisher({
          kafka: parts.kafka,
          cluster: parts.cluster,
          analyzerId: publish.analyzerId,
          logger,
          snapshot: () => {
            const status = publish.engineStatus();
            return {
              role: 'analyzer',
              // Before the engine's source runs, the role's own start time.
              status: { ...status, startedAt: status.startedAt ?? startedAt },
              logPartitions: unionPartitions([publish.logPartitions(), ...morePartitions.map((f) => f())]),
              fold: publish.fold(),
            };
          },
        });
  const view = clients.view({ kafka: parts.kafka, cluster: parts.cluster, role: parts.role, logger });
  const attempt = async (what: string, step: () => Promise<void>) => {
    try {
      await step();
    } catch (error) {
      const problem = `${what} could not start: ${(error as Error).message}`;
      problems.push(problem);
      logger('warn', problem);
    }
  };
  if (publisher) await attempt("this analyzer's stats publisher", () => publisher.start());
  let viewRunning = false;
  await attempt('the fleet view', async () => {
    await view.start();
    viewRunning = true;
  });
  return {
    addLogPartitions: (more) => void morePartitions.push(more),
    status: () => {
      const status = viewRunning ? view.status() : emptyFleet(parts, startedAt);
      return status.role === 'standalone' ? status : { ...status, notes: [...problems, ...status.notes] };
    },
    stop: async () => {
      await publisher?.stop().catch(() => undefined); // sends its `leaving` record first
      await view.stop().catch(() => undefined);
    },
  };
}

function emptyFleet(parts: FleetParts, since: number): FleetStatus {
  return {
    role: parts.role,
    cluster: parts.cluster,
    topic: clusterTopics(parts.cluster).stats,
    since,
    analyzers: [],
    totals: {
      analyzers: 0,
      up: 0,
      stale: 0,
      gone: 0,
      logsPerSecond: 0,
      consumerLag: 0,
      logPartitions: 0,
      logPartitionsOwned: 0,
      foldPartitions: 0,
      foldPartitionsOwned: 0,
    },
    notes: [],
    badRecords: 0,
    evicted: 0,
  };
}
