/**
 * The command channel map: every request the UI (or the REST host) can make of the engine,
 * with its request and response schemas. Electron's IPC binding, the preload bridge, the
 * headless host's WebSocket and the renderer's client are all generated from this one map.
 */
import { z } from 'zod';
import { ClusterRoleStatus } from './cluster-status';
import { StartRequest } from './config';
import { FleetStatus } from './fleet';
import { AlertContext, AlertContextRequest, TopicMessages, TopicMessagesRequest } from './context';
import { hostCommands } from './settings';
import {
  HistoryState,
  LogHistogram,
  LogQuery,
  LogQueryResult,
  PatternAlerts,
  PatternAlertsQuery,
  PatternPage,
  PatternQuery,
} from './history';
import {
  Alert,
  AlertLevel,
  AlertStatus,
  AlertTrigger,
  AnalyzeResult,
  Health,
  Incident,
  ModelStatus,
  RulesStatus,
  Stats,
} from './data';
import {
  Experiment,
  ExperimentAction,
  ExperimentCreate,
  RegisteredModel,
  VerdictRequest,
} from './experiments';

/** Requests are strict objects: an unknown key is refused with its name, never silently dropped. */

/** Hard limits on what a single request may carry; larger requests are refused, not truncated. */
export const LIMITS = {
  analyzeMaxLogs: 10_000,
  analyzeMaxLogBytes: 1024 * 1024,
  requestMaxBytes: 8 * 1024 * 1024,
} as const;

export const EngineStatus = z.object({
  running: z.boolean(),
  source: z.enum(['kafka', 'demo']).nullable(),
  startedAt: z.number().nullable(),
  health: Health,
  stats: Stats,
  /** The running configuration with secrets redacted. */
  config: StartRequest.nullable(),
  /** Rules loaded at start and refused ones (absent from engines that predate rule packs). */
  rules: RulesStatus.optional(),
  // ---- issue 19 (roles): the cluster role this engine runs (absent: standalone) ----
  cluster: ClusterRoleStatus.optional(),
  // ---- issue 19 item 3 (workers: N; owned by branch s8-workers) ----
  /** Engine threads analyzing (an analyzer's `workers`); absent: one. */
  workers: z.number().int().min(1).optional(),
});
export type EngineStatus = z.infer<typeof EngineStatus>;

const Empty = z.strictObject({});

export const AnalyzeLog = z.union([
  z.string().max(LIMITS.analyzeMaxLogBytes),
  z.record(z.string(), z.unknown()),
]);
export const AnalyzeRequest = z.strictObject({ logs: z.array(AnalyzeLog).min(1).max(LIMITS.analyzeMaxLogs) });
export type AnalyzeRequest = z.infer<typeof AnalyzeRequest>;

export const AlertQuery = z.strictObject({
  level: z.array(AlertLevel).optional(),
  trigger: z.array(AlertTrigger).optional(),
  status: z.array(AlertStatus).optional(),
  service: z.string().max(256).optional(),
  limit: z.number().int().positive().max(5000).optional(),
});
export type AlertQuery = z.infer<typeof AlertQuery>;

/** Longest free-text note (i16a), in characters. */
export const NOTE_MAX_CHARS = 2000;
const noteText = z.string().trim().min(1).max(NOTE_MAX_CHARS);
const snoozeMs = z
  .number()
  .int()
  .positive()
  .max(7 * 24 * 3600 * 1000);

/** ack, resolve, snooze and note: on one alert (`alerts:act`) or a whole incident (`incidents:act`). */
export const AlertAction = z.discriminatedUnion('action', [
  z.strictObject({ id: z.string().min(1).max(128), action: z.literal('ack') }),
  z.strictObject({ id: z.string().min(1).max(128), action: z.literal('resolve') }),
  z.strictObject({ id: z.string().min(1).max(128), action: z.literal('snooze'), durationMs: snoozeMs }),
  z.strictObject({ id: z.string().min(1).max(128), action: z.literal('note'), text: noteText }),
]);
export type AlertAction = z.infer<typeof AlertAction>;

// --- i16a: incidents ---
/** The same filters as `alerts:list` (status `snoozed` included). */
export const IncidentQuery = AlertQuery;
export type IncidentQuery = z.infer<typeof IncidentQuery>;
export const IncidentAction = AlertAction;
export type IncidentAction = z.infer<typeof IncidentAction>;
export const IncidentDetail = z.object({ incident: Incident, alerts: z.array(Alert) });
export type IncidentDetail = z.infer<typeof IncidentDetail>;
// --- end i16a ---

export const commands = {
  'engine:start': { request: StartRequest, response: EngineStatus },
  'engine:stop': { request: Empty, response: EngineStatus },
  'engine:status': { request: Empty, response: EngineStatus },
  analyze: { request: AnalyzeRequest, response: z.object({ results: z.array(AnalyzeResult) }) },
  'alerts:list': { request: AlertQuery, response: z.object({ alerts: z.array(Alert) }) },
  'alerts:act': { request: AlertAction, response: Alert },
  /** `{ limit }` as before; paging (`offset`) and filters (`text`, `service`) added by the history work. */
  'patterns:list': { request: PatternQuery, response: PatternPage },
  'models:status': { request: Empty, response: ModelStatus },
  /** Load a candidate model (by manifest id) and run it in shadow beside the active one. */
  'models:shadow': { request: z.strictObject({ id: z.string().min(1).max(128) }), response: ModelStatus },
  'models:promote': { request: Empty, response: ModelStatus },
  'models:discard': { request: Empty, response: ModelStatus },
  /** i18b: the raw messages around an alert's sample, read from Kafka and analyzed (no alerts raised). */
  'alerts:context': { request: AlertContextRequest, response: AlertContext },
  /** i18b: time travel on a topic (offsets-for-times), or a read from a partition and offset. */
  'topics:messages': { request: TopicMessagesRequest, response: TopicMessages },
  // ---- A/B model testing (i20) ----
  /** The model registry (models folder and the user's folder) beside the status. */
  'models:list': { request: Empty, response: ModelStatus.extend({ models: z.array(RegisteredModel) }) },
  'experiments:create': { request: ExperimentCreate, response: Experiment },
  'experiments:get': { request: z.strictObject({ id: z.string().min(1).max(64) }), response: Experiment },
  'experiments:list': { request: Empty, response: z.object({ experiments: z.array(Experiment) }) },
  'experiments:act': { request: ExperimentAction, response: Experiment },
  'alerts:verdict': { request: VerdictRequest, response: Alert },
  // --- i16a: incidents ---
  'incidents:list': { request: IncidentQuery, response: z.object({ incidents: z.array(Incident) }) },
  'incidents:get': { request: z.strictObject({ id: z.string().min(1).max(128) }), response: IncidentDetail },
  'incidents:act': { request: IncidentAction, response: IncidentDetail },
  // --- end i16a ---
  // ---- the local history of analyzed logs (core/history, issue 18) ----
  /** Search the stored logs: newest first, at most `limit`, with the total that matched. */
  'logs:query': { request: LogQuery, response: LogQueryResult },
  /** Counts per minute by level for a search (its `limit` is ignored). */
  'logs:histogram': { request: LogQuery, response: LogHistogram },
  'history:status': { request: Empty, response: HistoryState },
  // ---- issue 19 (fleet): the cluster's analyzers from its stats topic ----
  'fleet:status': { request: Empty, response: FleetStatus },
  // ---- i18: patterns you can reach ----
  /** Every alert whose evidence holds a template (not only the alerts the window holds). */
  'patterns:alerts': { request: PatternAlertsQuery, response: PatternAlerts },
  ...hostCommands,
} as const;

/** Commands the engine itself answers; the rest (`hostCommands`) are answered by the host. */
export type EngineCommandName = Exclude<CommandName, keyof typeof hostCommands>;
export const isHostCommand = (name: CommandName): name is keyof typeof hostCommands =>
  Object.prototype.hasOwnProperty.call(hostCommands, name);

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandRequest<C extends CommandName> = z.input<Commands[C]['request']>;
export type CommandResponse<C extends CommandName> = z.infer<Commands[C]['response']>;
export const COMMAND_NAMES = Object.keys(commands) as CommandName[];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(commands, name);
}

/** The error shape every boundary returns for a refused or failed command. */
export const CommandError = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
export type CommandError = z.infer<typeof CommandError>;
