/**
 * The Engine: composes ingest → parse → patterns → inference → detection → alerts, and answers the
 * contract's commands. One instance per process (or worker). All per-log work happens in
 * `processBatch` (batch-processor.ts), which a source awaits before committing offsets: analysis and
 * alert recording finish first (at-least-once), and the await is the backpressure. The timer's work
 * and health: housekeeping.ts; what a start starts: engine-start.ts; alert and incident commands,
 * local or a cluster role's: alert-commands.ts.
 */
import { join } from 'node:path';
import {
  redactConfig,
  type AlertAction,
  type AlertContext,
  type AlertContextRequest,
  type AlertQuery,
  type AnalyzeResult,
  type EngineStatus,
  type EventBatch,
  type FleetStatus,
  type ModelStatus,
  type PatternPage,
  type PatternAlerts,
  type PatternAlertsQuery,
  type PatternQuery,
  type StartRequest,
  type TopicMessages,
  type TopicMessagesRequest,
  type VerdictRequest,
} from '../contract';
import type { HistoryWriter } from '../history';
import { AlertManager } from '../alerts';
import { resolveActor } from '../alerts/actor';
import { Detectors, type DetectorStats } from '../detect';
import { RuleEngine } from '../rules';
import type { EngineOptions } from './engine-options';
import type { LogSource, RawMessage } from '../ingest/source';
import { AlertCommands } from './alert-commands';
import { Analyzer } from './analyzer';
import { BatchProcessor } from './batch-processor';
import { EngineMetrics } from './engine-metrics';
import { startRunning } from './engine-start';
import { EngineError } from './errors';
import { EventBatcher } from './event-batcher';
import { Housekeeping } from './housekeeping';
import { prepareStart } from './installation-group';
import type { EngineExperiments } from './experiments';
import type { TemplateMiner } from '../patterns/miner';
import { alertsOfPattern } from './pattern-alerts';
import { pagePatterns } from './pattern-page';
import { PatternStats } from './pattern-stats';
import { readAlertContext, readTopicMessages } from './context';
import { analyzeRawMessages } from './context-analysis';
import { HistoryContextReader } from './history-context-reader';
import type { ContextReader } from './context-reader';
import { analyzeLogs } from './analyze-logs';
import { runModelAction, type ModelAction } from './model-action';
import type { RoleRuntime } from './roles';
import { withWorkerStatuses } from './workers/role-workers';
import type { AppliedOffset } from '../alerts/history-offsets';
import type { StandaloneThreads } from './standalone-workers/start';
import { withStandaloneThreads } from './standalone-workers/standalone-status';

export type { EngineOptions, SourceFactory } from './engine-options';

export class Engine {
  private readonly now: () => number;
  private readonly analyzer: Analyzer;
  private readonly detectors: Detectors;
  private readonly patterns = new PatternStats();
  private readonly metrics: EngineMetrics;
  private readonly batcher: EventBatcher;
  /** Alert and incident commands and changes, local or the cluster role's (alert-commands.ts). */
  private readonly commands: AlertCommands;
  /** The hot path (batch-processor.ts). */
  private readonly batches: BatchProcessor;
  /** The tick's work and the engine's health (housekeeping.ts). */
  private readonly housekeeping: Housekeeping;
  private readonly tickTimer: NodeJS.Timeout;
  private source: LogSource | null = null;
  private config: StartRequest | null = null;
  private startedAt: number | null = null;
  /** Serializes start/stop so that they never interleave. */
  private lifecycle: Promise<unknown> = Promise.resolve();
  /** Issue 19: the cluster role running (docs/scaling.md); null: standalone, as before. */
  private role: RoleRuntime | null = null;
  /** Issue 19: a standalone engine's other threads (`workers: N`, standalone-workers/); null: one. */
  private threads: StandaloneThreads | null = null;

  private constructor(
    private readonly options: EngineOptions,
    private readonly alerts: AlertManager,
  ) {
    this.now = options.now ?? Date.now;
    this.detectors = new Detectors(options.detectors);
    this.analyzer = new Analyzer(options.models, {
      now: this.now,
      experiments: options.experiments?.runner ?? null,
    });
    this.metrics = new EngineMetrics(this.now());
    this.batcher = new EventBatcher(() => this.status(), { intervalMs: options.eventIntervalMs ?? 250 });
    this.commands = new AlertCommands(options, alerts, this.batcher, this.now, () => this.role);
    const parts = {
      options,
      now: this.now,
      analyzer: this.analyzer,
      alerts,
      detectors: this.detectors,
      patterns: this.patterns,
      metrics: this.metrics,
      batcher: this.batcher,
      commands: this.commands,
    };
    this.batches = new BatchProcessor(parts);
    this.housekeeping = new Housekeeping(parts, { source: () => this.source, role: () => this.role });
    this.batcher.start();
    this.tickTimer = setInterval(() => this.tick(), options.tickMs ?? 1000);
    this.tickTimer.unref();
  }

  static async open(options: EngineOptions): Promise<Engine> {
    const now = (options.now ?? Date.now)();
    const alerts =
      options.alertManager ??
      (await AlertManager.open(
        { dir: join(options.dataDir, 'alerts') },
        {
          ruleEngine:
            options.rules === undefined
              ? null
              : new RuleEngine(options.rules.rules, { perLog: options.rules.perLog }),
          incidents: options.incidents ?? {},
          actor: resolveActor(options.actorName),
        },
        now,
      ));
    return new Engine(options, alerts);
  }

  /** A/B model testing (core/engine/experiments.ts), when the engine has a models folder. */
  get experiments(): EngineExperiments | undefined {
    return this.options.experiments;
  }

  onEvents(listener: (batch: EventBatch) => void): () => void {
    return this.batcher.subscribe(listener);
  }

  // ---- lifecycle -------------------------------------------------------------------------

  start(asked: StartRequest): Promise<EngineStatus> {
    return this.serialize(async () => {
      if (this.source) throw new EngineError('conflict', `already running (${this.source.kind}); stop first`);
      const request = await prepareStart(asked, this.options.dataDir);
      const running = await startRunning(request, {
        options: this.options,
        alerts: this.alerts,
        batcher: this.batcher,
        detectors: this.detectors,
        now: this.now,
        status: () => this.status(),
        process: (batch, applied) => this.processBatch(batch, applied),
      });
      this.source = running.source;
      this.role = running.role;
      this.threads = running.threads;
      this.config = request;
      this.startedAt = this.now();
      this.housekeeping.updateHealth(this.startedAt);
      return this.status();
    });
  }

  stop(): Promise<EngineStatus> {
    return this.serialize(async () => {
      const source = this.source;
      if (source) {
        await source.stop(); // finishes the in-flight batch and commits its offsets
        this.source = null;
        this.startedAt = null;
        this.detectors.engineStopped(this.now());
      }
      await this.threads?.stop(); // each sends its batch in hand, applied here before it commits
      this.threads = null;
      await this.role?.stop(); // after the source: its last batch's transaction has committed
      this.role = null;
      await this.alerts.recordBatch(this.now());
      this.housekeeping.updateHealth(this.now());
      return this.status();
    });
  }

  async close(): Promise<void> {
    await this.stop();
    clearInterval(this.tickTimer);
    this.batcher.flush();
    this.batcher.stop();
    this.metrics.close();
    await this.alerts.close();
    await this.options.experiments?.close();
    await this.options.history?.close();
    await this.options.models.close();
  }

  // ---- the hot path ----------------------------------------------------------------------

  /** Analyzes one batch and records its alerts; resolves only when they are durable (batch-processor.ts). */
  processBatch(batch: readonly RawMessage[], applied?: AppliedOffset[]): Promise<void> {
    return this.batches.process(batch, applied);
  }

  // ---- commands --------------------------------------------------------------------------

  status(): EngineStatus {
    const now = this.now();
    const lag = this.source?.status().lag ?? [];
    const dq = this.batches.dataQuality.snapshot();
    const own: EngineStatus = {
      running: this.source !== null,
      source: this.source?.kind ?? null,
      startedAt: this.startedAt,
      health: this.housekeeping.health,
      stats: this.metrics.stats({
        now,
        startedAt: this.startedAt,
        lag,
        dataQuality: { total: dq.total, byKind: dq.byKind },
        counts: this.role?.alerts.counts() ?? this.alerts.counts(),
        diskBytes: this.housekeeping.diskBytes,
      }),
      config: this.config && this.source ? redactConfig(this.config) : null,
      ...(this.options.rules === undefined ? {} : { rules: this.options.rules.status }),
      ...(this.role === null ? {} : { cluster: this.role.status() }),
    };
    // An analyzer's or a standalone engine's other threads (workers: N).
    return withStandaloneThreads(withWorkerStatuses(own, this.role), this.threads);
  }

  /** The `analyze` command: logs given inline, analyzed without alerts (analyze-logs.ts). */
  analyzeLogs(logs: ReadonlyArray<string | Record<string, unknown>>): Promise<AnalyzeResult[]> {
    return analyzeLogs(this.analyzer, logs, this.now());
  }

  /** Issue 19 (fleet): the cluster's analyzers from its stats topic; standalone has no fleet. */
  fleetStatus(): FleetStatus {
    return this.role?.fleet?.status() ?? { role: 'standalone' };
  }

  listAlerts(query: AlertQuery) {
    return this.commands.list(query);
  }

  actOnAlert(action: AlertAction | VerdictRequest) {
    return this.commands.act(action);
  }

  listIncidents(query: AlertQuery) {
    return this.commands.listIncidents(query);
  }

  incidentDetail(id: string) {
    return this.commands.incidentDetail(id);
  }

  actOnIncident(action: AlertAction) {
    return this.commands.actOnIncident(action);
  }

  /** Issue 18: the messages around an alert's sample, and time travel on a topic (no alerts raised). */
  alertContext(request: AlertContextRequest): Promise<AlertContext> {
    return readAlertContext(this.alerts.store.get(request.id), request, this.contextReader());
  }

  topicMessages(request: TopicMessagesRequest): Promise<TopicMessages> {
    return readTopicMessages(request, this.contextReader());
  }

  private contextReader(): ContextReader | null {
    const analyze = (raw: readonly RawMessage[]) =>
      analyzeRawMessages(raw, this.analyzer, this.options.maxMessageBytes);
    const kafka = this.options.createContextReader?.(this.config, analyze) ?? null;
    if (kafka !== null) return kafka;
    // No broker (the demo source): the local history answers, by the same position.
    const history = this.options.history;
    return history ? new HistoryContextReader(history.store, analyze) : null;
  }

  /** The detectors' counters (gaps, late and stale logs, suppressed spikes), for tests and benches. */
  detectorStats(): DetectorStats {
    return this.detectors.stats();
  }

  listPatterns(query: PatternQuery = {}): PatternPage {
    const resolve = (id: string) => this.analyzer.miner.resolve(id);
    return pagePatterns(this.patterns.all(this.now(), resolve), query, resolve);
  }

  /** The template miner (i18: template ids merged since a log was stored, for history searches). */
  get miner(): TemplateMiner {
    return this.analyzer.miner;
  }

  /** i18: every alert whose evidence holds a template (pattern-alerts.ts). */
  patternAlerts(query: PatternAlertsQuery): PatternAlerts {
    return alertsOfPattern(this.alerts.store, query, this.now(), (id) => this.analyzer.miner.resolve(id));
  }

  /** The history this engine writes, or null (off, or it could not open: `historyOff` says why). */
  get history(): HistoryWriter | null {
    return this.options.history ?? null;
  }

  get historyOff(): { reason: string; failed: boolean } | null {
    return this.options.history ? null : (this.options.historyOff ?? null);
  }

  /** The model commands (status, promote, discard, shadow): model-action.ts. */
  modelAction(action: ModelAction): Promise<ModelStatus> {
    return runModelAction(this.options.models, action, (status) => this.batcher.pushModels(status));
  }

  // ---- housekeeping ----------------------------------------------------------------------

  /** Every `tickMs` (housekeeping.ts); tests and the incident evaluation drive it by hand. */
  private tick(): void {
    this.housekeeping.tick();
  }

  private serialize<T>(step: () => Promise<T>): Promise<T> {
    const run = this.lifecycle.then(step, step);
    this.lifecycle = run.catch(() => undefined);
    return run;
  }
}
