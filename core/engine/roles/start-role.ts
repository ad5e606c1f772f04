/**
 * Issue 19: the role a start request names, composed (docs/scaling.md). Standalone has none (null):
 * the engine then runs exactly as before.
 */
import type { Alert, StartRequest } from '../../contract';
import type { SourceLogger } from '../../ingest/kafka-log';
import { EngineError } from '../errors';
import { installationId } from '../installation-group';
import { startAnalyzerRole } from './analyzer-role';
import { startConsoleRole } from './console-role';
import type { RoleRuntime } from './role-runtime';

export interface RoleContext {
  dataDir: string;
  /** Who acts through this engine (Settings actorName, else the OS user). */
  who: () => string;
  /** The engine's local alerts now (an analyzer's evidence counts only what comes after). */
  existing: () => readonly Alert[];
  /** The cluster's alerts as they change (the engine's event batches to the window). */
  onAlerts: (alerts: Alert[]) => void;
  logger?: SourceLogger;
}

export async function startRole(request: StartRequest, context: RoleContext): Promise<RoleRuntime | null> {
  if (request.source !== 'kafka' || request.cluster === undefined) return null;
  const role = request.role ?? 'standalone';
  if (role === 'standalone') return null;
  const logger = context.logger === undefined ? {} : { logger: context.logger };
  try {
    if (role === 'console')
      return await startConsoleRole({
        kafka: request.kafka,
        cluster: request.cluster,
        who: context.who,
        onAlerts: context.onAlerts,
        ...logger,
      });
    return await startAnalyzerRole({
      kafka: request.kafka,
      cluster: request.cluster,
      analyzerId: await installationId(context.dataDir),
      who: context.who,
      onAlerts: context.onAlerts,
      existing: context.existing(),
      ...logger,
    });
  } catch (error) {
    if (error instanceof EngineError) throw error;
    throw new EngineError(
      'unavailable',
      `could not start the ${role} role of cluster ${request.cluster}: ${(error as Error).message}`,
    );
  }
}
