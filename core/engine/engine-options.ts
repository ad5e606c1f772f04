/**
 * What an Engine is built with (engine.ts): its data folder, model port, log source factory and the
 * optional parts (rules, detectors, history, roles, experiments, worker threads).
 */
import type { Alert, IncidentSettings, StartRequest } from '../contract';
import type { AlertManager } from '../alerts';
import type { DetectorOptions } from '../detect';
import type { HistoryWriter } from '../history';
import type { LogSource } from '../ingest/source';
import type { RuleSet } from '../rules';
import type { HealthThresholds } from '../telemetry';
import type { ContextReaderFactory } from './context-reader';
import type { EngineExperiments } from './experiments';
import type { ModelPort } from './model-port';
import type { startRole } from './roles';
import type { EngineWorkerOptions } from './worker-protocol';

export type SourceFactory = (request: StartRequest) => LogSource;

export interface EngineOptions {
  dataDir: string;
  models: ModelPort;
  createSource: SourceFactory;
  now?: () => number;
  /** Period of housekeeping: alert ticks, lag sampling, health. */
  tickMs?: number;
  /** Period of event batches to listeners. */
  eventIntervalMs?: number;
  maxMessageBytes?: number;
  health?: Partial<HealthThresholds>;
  alertManager?: AlertManager;
  /** The rules (shipped pack + user folder) the alerts consult; none: the built-in fallbacks only. */
  rules?: RuleSet;
  /** Settings `actorName`: who acts through the UI and API (null: the OS user name). */
  actorName?: string | null;
  /** Settings `incidents`: how alerts are grouped into incidents. */
  incidents?: Partial<IncidentSettings>;
  /** Detector settings (new templates, rate spikes, lag, numeric signals); defaults otherwise. */
  detectors?: Partial<DetectorOptions>;
  /** Issue 19: composes a start request's cluster role (default `startRole`; tests and workers pass theirs). */
  startRole?: typeof startRole;
  /** Where alert context and topic messages are read (issue 18); none: those commands say so. */
  createContextReader?: ContextReaderFactory;
  /** Every drain of changed alerts in order (a tick may drain what an in-flight batch counted, */
  /** all before that batch's commit): an analyzer's evidence (core/cluster/evidence-publisher.ts). */
  onAlertsChanged?: (changed: readonly Alert[]) => void;
  /** A/B model testing: the registry and experiments (none: the experiment commands are unavailable). */
  experiments?: EngineExperiments;
  /** The local history each analyzed batch is handed to (null: off); the engine closes it. */
  history?: HistoryWriter | null;
  /** Why the history is off or could not open (shown by `history:status`; a failure also in health). */
  historyOff?: { reason: string; failed: boolean };
  /** Issue 19: where a standalone engine's other thread hands its analyzed batches (no history of its own). */
  historySink?: Pick<HistoryWriter, 'offer'>;
  /** issue 19 item 3: what an analyzer's other engine threads are built with (createEngine sets it). */
  workerOptions?: EngineWorkerOptions;
}
