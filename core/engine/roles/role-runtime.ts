/**
 * Issue 19: what the engine needs from a cluster role (docs/scaling.md). An analyzer and a console
 * differ in where their logs come from (the cluster's log group, or none) but share where alerts
 * come from (the cluster's compacted alerts topic, materialized) and where actions go (the actions
 * topic, applied by the analyzer owning the alert). Standalone has no role runtime at all.
 */
import type {
  Alert,
  AlertAction,
  AlertLevel,
  AlertQuery,
  AlertTrigger,
  ClusterRoleStatus,
} from '../../contract';
import type { LogSource } from '../../ingest/source';
import type { ClusterIncidents } from './cluster-incidents';
import type { RoleFleet } from './fleet-role';

/** Where a role's alerts come from and where its actions go. */
export interface ClusterAlerts {
  /** The cluster's alerts as materialized, filtered and ordered as `alerts:list` (newest first). */
  list(query: AlertQuery, now: number): Alert[];
  /** Open and acknowledged alerts by level and trigger, as the status counts them. */
  counts(): { byLevel: Record<AlertLevel, number>; byTrigger: Record<AlertTrigger, number> };
  /** Publishes the action (who decided here, when now) and answers the alert once it is applied. */
  act(action: AlertAction, now: number): Promise<Alert>;
  /** Alerts as they change on the topic (for the window's event batches); returns an unsubscribe. */
  onChange(listener: (alerts: Alert[]) => void): () => void;
  /** Issue 19 (incidents): calls `listener` once the alerts topic's backlog has been read (absent: at once). */
  whenCaughtUp?(listener: () => void): void;
  /** How many alerts are held, and bad records counted. */
  size(): number;
  badRecords(): number;
}

export interface RoleRuntime {
  readonly role: 'analyzer' | 'console';
  readonly cluster: string;
  readonly analyzerId: string | null;
  /** What the engine starts as its source: the analyzers' log consumer, or the console's follower. */
  readonly source: LogSource;
  readonly alerts: ClusterAlerts;
  /** The engine's local alerts changed by a batch or a tick (an analyzer's evidence; a console: none). */
  collect(changed: readonly Alert[]): void;
  status(): ClusterRoleStatus;
  /** Why the role cannot follow or fold the cluster's alerts now (null: it can); in health. */
  problem(): string | null;
  /** Issue 19 (fleet): the cluster's analyzers as read from its stats topic (`fleet:status`). */
  readonly fleet?: RoleFleet;
  /** Issue 19 (incidents): the incidents over the cluster's alerts (absent: the role answers none). */
  readonly incidents?: ClusterIncidents;
  /** Stops everything but the source (the engine stops the source first, committing its batch). */
  stop(): Promise<void>;
}
