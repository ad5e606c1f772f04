/**
 * Issue 19: the role a start request names, composed (docs/scaling.md). Standalone has none (null):
 * the engine then runs exactly as before.
 */
import type { Alert, EngineStatus, StartRequest } from '../../contract';
import type { SourceLogger } from '../../ingest/kafka-log';
import { EngineError } from '../errors';
import { installationId } from '../installation-group';
import { startAnalyzerRole } from './analyzer-role';
import { startConsoleRole } from './console-role';
import type { RoleRuntime } from './role-runtime';
import { ClusterIncidents } from './cluster-incidents';
import type { IncidentOptions } from '../../alerts/incidents/options';
import type { NotificationPolicy } from '../../alerts/notification-policy';

export interface RoleContext {
  dataDir: string;
  /** Who acts through this engine (Settings actorName, else the OS user). */
  who: () => string;
  /** The engine's local alerts now (an analyzer's evidence counts only what comes after). */
  existing: () => readonly Alert[];
  /** The cluster's alerts as they change (the engine's event batches to the window). */
  onAlerts: (alerts: Alert[]) => void;
  logger?: SourceLogger;
  /** Issue 19 (fleet): the engine's status, which an analyzer publishes to the stats topic. */
  engineStatus?: () => Pick<EngineStatus, 'startedAt' | 'health' | 'stats'>;
  /** Issue 19 (incidents): the grouping (Settings `incidents`) and the policy a console notifies through. */
  incidents?: { options: IncidentOptions; policy: NotificationPolicy; now?: () => number };
}

export async function startRole(request: StartRequest, context: RoleContext): Promise<RoleRuntime | null> {
  if (request.source !== 'kafka' || request.cluster === undefined) return null;
  const role = request.role ?? 'standalone';
  if (role === 'standalone') return null;
  const logger = context.logger === undefined ? {} : { logger: context.logger };
  try {
    if (role === 'console')
      return withIncidents(
        await startConsoleRole({
          kafka: request.kafka,
          cluster: request.cluster,
          who: context.who,
          onAlerts: context.onAlerts,
          ...logger,
        }),
        context,
      );
    return withIncidents(
      await startAnalyzerRole({
        kafka: request.kafka,
        cluster: request.cluster,
        analyzerId: await installationId(context.dataDir),
        who: context.who,
        onAlerts: context.onAlerts,
        existing: context.existing(),
        ...logger,
        ...(context.engineStatus === undefined ? {} : { engineStatus: context.engineStatus }),
      }),
      context,
    );
  } catch (error) {
    if (error instanceof EngineError) throw error;
    throw new EngineError(
      'unavailable',
      `could not start the ${role} role of cluster ${request.cluster}: ${(error as Error).message}`,
    );
  }
}

/**
 * Issue 19 (incidents): the role's incidents, a view over the cluster's alerts (cluster-incidents.ts).
 * A console notifies through the engine's policy (a desktop console's engineer); an analyzer, headless,
 * does not.
 */
export function withIncidents(runtime: RoleRuntime, context: RoleContext): RoleRuntime {
  if (context.incidents === undefined) return runtime;
  const alerts = runtime.alerts;
  const incidents = new ClusterIncidents(alerts, {
    options: context.incidents.options,
    policy: runtime.role === 'console' ? context.incidents.policy : null,
    // An analyzer analyzes on the same thread: its (headless) view refreshes less often.
    recomputeMs: runtime.role === 'console' ? 1_000 : 5_000,
    ...(context.incidents.now === undefined ? {} : { now: context.incidents.now }),
    ...(alerts.whenCaughtUp === undefined
      ? {}
      : { whenCaughtUp: (l: () => void) => alerts.whenCaughtUp!(l) }),
  });
  incidents.start();
  return {
    ...runtime,
    incidents,
    stop: async () => {
      incidents.stop();
      await runtime.stop();
    },
  };
}
