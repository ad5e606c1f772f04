/**
 * What an engine's start request starts (engine.ts `start`): the cluster role it names (roles/,
 * with an analyzer's other engine threads), else a standalone engine's other threads
 * (standalone-workers/), and the log source feeding the hot path; on a failure, whatever had
 * started is stopped again and the error says which source could not start.
 */
import type { EngineStatus, StartRequest } from '../contract';
import type { AlertManager } from '../alerts';
import { resolveActor } from '../alerts/actor';
import type { AppliedOffset } from '../alerts/history-offsets';
import type { Detectors } from '../detect';
import type { LogSource, RawMessage } from '../ingest/source';
import type { EngineOptions } from './engine-options';
import { EngineError } from './errors';
import type { EventBatcher } from './event-batcher';
import { startRole, type RoleRuntime } from './roles';
import { startStandaloneThreads, type StandaloneThreads } from './standalone-workers/start';
import { withWorkers } from './workers/role-workers';

/** What runs between a start and the next stop. */
export interface Running {
  source: LogSource;
  /** Issue 19: the cluster role running (docs/scaling.md); null: standalone. */
  role: RoleRuntime | null;
  /** Issue 19: a standalone engine's other threads (`workers: N`); null: one. */
  threads: StandaloneThreads | null;
}

export interface StartParts {
  options: EngineOptions;
  alerts: AlertManager;
  batcher: EventBatcher;
  detectors: Detectors;
  now: () => number;
  status: () => EngineStatus;
  /** The hot path each batch goes through (the engine's `processBatch`). */
  process: (batch: readonly RawMessage[], applied?: AppliedOffset[]) => Promise<void>;
}

/** Starts the role, the threads and the source of an already prepared request (installation-group.ts). */
export async function startRunning(request: StartRequest, parts: StartParts): Promise<Running> {
  const { options, alerts, batcher, now } = parts;
  const role = await withWorkers(
    await (options.startRole ?? startRole)(request, {
      dataDir: options.dataDir,
      who: () => resolveActor(options.actorName),
      existing: () => [...alerts.store.all()],
      onAlerts: (changed) => batcher.pushAlerts(changed),
      engineStatus: parts.status,
      incidents: { options: alerts.incidents.options, policy: alerts.policy, now },
    }),
    request,
    options.workerOptions,
  );
  const source = role?.source ?? options.createSource(request);
  // What the source reads first may be a backlog: the volume baselines skip it (core/detect/gaps.ts).
  parts.detectors.engineStarting(now());
  let threads: StandaloneThreads | null = null; // standalone `workers: N` (standalone-workers/)
  try {
    if (role === null)
      threads = await startStandaloneThreads(request, {
        engine: options.workerOptions,
        alerts,
        history: options.history ?? null,
        now,
        onTail: (logs, dropped) => {
          batcher.pushLogs(logs);
          batcher.countDroppedLogs(dropped);
        },
      });
    const process = (batch: readonly RawMessage[], applied?: AppliedOffset[]) =>
      parts.process(batch, applied);
    await source.start(threads?.handler(process) ?? process);
  } catch (error) {
    await source.stop().catch(() => undefined);
    await threads?.stop().catch(() => undefined);
    await role?.stop().catch(() => undefined);
    throw new EngineError(
      'unavailable',
      `could not start the ${request.source} source: ${(error as Error).message}`,
    );
  }
  return { source, role, threads };
}
