/** Messages between a host thread and the engine's worker thread (structured-clone safe). */
import type { EventBatch, IncidentSettings } from '../contract';
import type { HistorySettings } from '../history';
import type { StandaloneWorkerSpec } from './standalone-workers/protocol';
import type { AnalyzerWorkerSpec } from './workers/spec';

export interface EngineWorkerOptions {
  dataDir: string;
  modelsDir?: string;
  demoDataDir?: string;
  /** The user's rules folder (Settings `rulesDir`, `--rules DIR`). */
  rulesDir?: string | null;
  /** The user's own models folder (Settings `modelsDir`, `--user-models DIR`), listed for experiments. */
  userModelsDir?: string | null;
  /** The shipped rule pack (packaged apps pass theirs). */
  rulePackDir?: string;
  /** Settings `actorName`: who acts, recorded in audit trails (null: the OS user name). */
  actorName?: string | null;
  /** Settings `incidents`: how alerts are grouped into incidents. */
  incidents?: Partial<IncidentSettings>;
  /** The local history (Settings `historyEnabled`, `historyMaxAgeHours`, `historyMaxBytes`); on by default. */
  history?: HistorySettings;
  /** issue 19 item 3: this thread is worker k of an analyzer (core/engine/workers/); absent: a whole engine. */
  analyzerWorker?: AnalyzerWorkerSpec;
  /** issue 19: this thread is worker k of a standalone engine (core/engine/standalone-workers/). */
  standaloneWorker?: StandaloneWorkerSpec;
}

/** The environment variable carrying an engine process's options as JSON (process-entry.ts). */
export const ENGINE_OPTIONS_VARIABLE = 'VIGIL_ENGINE_OPTIONS';

export type ToWorker = { type: 'call'; id: number; name: string; request: unknown } | { type: 'close' };

export type FromWorker =
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: { code: string; message: string } }
  | { type: 'events'; batch: EventBatch }
  | { type: 'ready' }
  | { type: 'closed' }
  | { type: 'fatal'; message: string };
