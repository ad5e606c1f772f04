/**
 * Whether a start runs standalone `workers: N` threads (issue 19, docs/scaling.md "Standalone on
 * every core"), and starting them. Standalone's default stays one thread (docs/scaling.md says
 * why); the demo source runs one thread. `workers > 1` on an engine that cannot start threads (built
 * without createEngine) is refused with why.
 */
import type { LiveLog, StartRequest } from '../../contract';
import type { AlertManager } from '../../alerts';
import type { HistoryWriter } from '../../history';
import { EngineError } from '../errors';
import type { EngineWorkerOptions } from '../worker-protocol';
import { StandaloneThreads } from './standalone-threads';

export { StandaloneThreads };

export interface StandaloneParts {
  engine: EngineWorkerOptions | undefined;
  alerts: AlertManager;
  history: HistoryWriter | null;
  now: () => number;
  onTail: (logs: LiveLog[], dropped: number) => void;
}

/** The threads 2 … N of a standalone Kafka start with `workers` above 1, else null (one thread). */
export async function startStandaloneThreads(
  request: StartRequest,
  parts: StandaloneParts,
): Promise<StandaloneThreads | null> {
  if (request.source !== 'kafka' || request.workers === undefined || request.workers <= 1) return null;
  if ((request.role ?? 'standalone') !== 'standalone') return null;
  if (parts.engine === undefined)
    throw new EngineError('unavailable', 'this engine cannot start worker threads; start with workers 1');
  try {
    return await StandaloneThreads.start({
      ...parts,
      engine: parts.engine,
      request,
      workers: request.workers,
    });
  } catch (error) {
    throw new EngineError(
      'unavailable',
      `could not start ${request.workers - 1} more worker threads: ${(error as Error).message}`,
    );
  }
}
