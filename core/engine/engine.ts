/**
 * The Engine: composes ingest → parse → patterns → inference → detection → alerts, and answers the
 * contract's commands. One instance per process (or worker). All per-log work happens in
 * `processBatch`, which a source awaits before committing offsets: analysis and alert recording
 * finish first (at-least-once), and the await is the backpressure.
 */
import { join } from 'node:path';
import {
  redactConfig,
  type Alert,
  type AlertAction,
  type AlertContext,
  type AlertContextRequest,
  type AlertQuery,
  type AnalyzeResult,
  type EngineStatus,
  type EventBatch,
  type FleetStatus,
  type Health,
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
import { DataQualityTracker, parseMessage } from '../parse';
import type { EngineOptions } from './engine-options';
import { joinContinuations, RAW_START_OTHER, RAW_START_SPACE, RAW_START_TAB } from '../parse/continuation';
import type { LogSource, RawMessage } from '../ingest/source';
import { DiskUsageMonitor, evaluateHealth, STOPPED_REASON } from '../telemetry';
import { Analyzer } from './analyzer';
import { EngineMetrics } from './engine-metrics';
import { EngineError } from './errors';
import { EventBatcher } from './event-batcher';
import { prepareStart } from './installation-group';
import type { EngineExperiments } from './experiments';
import { sampleLiveTail } from './live-tail';
import type { TemplateMiner } from '../patterns/miner';
import { alertsOfPattern } from './pattern-alerts';
import { pagePatterns } from './pattern-page';
import { PatternStats } from './pattern-stats';
import { RootCauseMemo } from './root-causes';
import { readAlertContext, readTopicMessages } from './context';
import { analyzeRawMessages } from './context-analysis';
import { HistoryContextReader } from './history-context-reader';
import type { ContextReader } from './context-reader';
import { analyzeLogs } from './analyze-logs';
import { runModelAction, type ModelAction } from './model-action';
import { actingOnAlerts } from './acting';
import {
  roleAct,
  roleActOnIncident,
  roleIncidentDetail,
  roleIncidents,
  startRole,
  type RoleRuntime,
} from './roles';
import { withWorkers, withWorkerStatuses } from './workers/role-workers';
import type { AppliedOffset } from '../alerts/history-offsets';
import { startStandaloneThreads, type StandaloneThreads } from './standalone-workers/start';
import { withStandaloneThreads } from './standalone-workers/standalone-status';

export type { EngineOptions, SourceFactory } from './engine-options';

const LIVE_ROWS_PER_BATCH = 50;

const PATTERNS_IN_EVENTS = 200;

export class Engine {
  private readonly now: () => number;
  private readonly analyzer: Analyzer;
  private readonly detectors: Detectors;
  private readonly dataQuality = new DataQualityTracker();
  private readonly patterns = new PatternStats();
  private readonly rootCauses = new RootCauseMemo();
  private readonly metrics: EngineMetrics;
  private readonly disk: DiskUsageMonitor;
  private readonly batcher: EventBatcher;
  private readonly tickTimer: NodeJS.Timeout;
  private source: LogSource | null = null;
  private config: StartRequest | null = null;
  private startedAt: number | null = null;
  /** Serializes start/stop so that they never interleave. */
  private lifecycle: Promise<unknown> = Promise.resolve();
  private ticks = 0;
  private lastModelsJson = '';
  private health: Health = { status: 'stopped', reasons: [STOPPED_REASON] };
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
    this.disk = new DiskUsageMonitor(options.dataDir);
    this.batcher = new EventBatcher(() => this.status(), { intervalMs: options.eventIntervalMs ?? 250 });
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
      const role = await withWorkers(
        await (this.options.startRole ?? startRole)(request, {
          dataDir: this.options.dataDir,
          who: () => resolveActor(this.options.actorName),
          existing: () => [...this.alerts.store.all()],
          onAlerts: (alerts) => this.batcher.pushAlerts(alerts),
          engineStatus: () => this.status(),
          incidents: { options: this.alerts.incidents.options, policy: this.alerts.policy, now: this.now },
        }),
        request,
        this.options.workerOptions,
      );
      const source = role?.source ?? this.options.createSource(request);
      // What the source reads first may be a backlog: the volume baselines skip it (core/detect/gaps.ts).
      this.detectors.engineStarting(this.now());
      let threads: StandaloneThreads | null = null; // standalone `workers: N` (standalone-workers/)
      try {
        if (role === null)
          threads = await startStandaloneThreads(request, {
            engine: this.options.workerOptions,
            alerts: this.alerts,
            history: this.options.history ?? null,
            now: this.now,
            onTail: (logs, dropped) => {
              this.batcher.pushLogs(logs);
              this.batcher.countDroppedLogs(dropped);
            },
          });
        const process = (batch: readonly RawMessage[], applied?: AppliedOffset[]) =>
          this.processBatch(batch, applied);
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
      this.source = source;
      this.role = role;
      this.threads = threads;
      this.config = request;
      this.startedAt = this.now();
      this.updateHealth(this.startedAt);
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
      this.updateHealth(this.now());
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

  /** Analyzes one batch and records its alerts; resolves only when they are durable. */
  async processBatch(batch: readonly RawMessage[], applied?: AppliedOffset[]): Promise<void> {
    const started = this.now();
    let records = [];
    const rawStart: number[] = [];
    let rejected = 0;
    const maxBytes = this.options.maxMessageBytes;
    for (const message of batch) {
      const outcome = parseMessage(message, maxBytes === undefined ? undefined : { maxBytes });
      this.dataQuality.recordOutcome(outcome);
      if (outcome.ok) {
        records.push(outcome.record);
        const first = message.value![0];
        rawStart.push(first === 9 ? RAW_START_TAB : first === 32 ? RAW_START_SPACE : RAW_START_OTHER);
      } else rejected++;
    }
    const parsed = records.length;
    // Stack frames sent as separate messages rejoin their first line (within this batch only, so
    // no line waits past the commit that follows: parse/continuation.ts).
    records = joinContinuations(records, rawStart);
    this.rootCauses.apply(records);

    let analyses;
    try {
      analyses = await this.analyzer.analyze(records);
    } catch (error) {
      // A bug in analysis must not wedge the stream on one batch forever: count and move on.
      console.error(`[engine] analysis failed for a batch of ${records.length}: ${(error as Error).message}`);
      this.metrics.countBatch(0, batch.length, this.now());
      return;
    }

    const at = this.now();
    let errorLogs = 0;
    const history = this.options.history ?? this.options.historySink ?? null;
    let alertIds: Map<number, string> | null = null;
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      const analysis = analyses[i]!;
      if (analysis.severity === 'error') errorLogs++;
      const alert = this.alerts.ingestLog(record, analysis, at);
      if (analysis.arm !== undefined && alert !== null)
        this.options.experiments?.onAlert(analysis.arm, alert, this.alerts.store.lastChange);
      if (alert !== null && history !== null) (alertIds ??= new Map()).set(i, alert.id);
      const signals = this.detectors.observe(record, analysis, at);
      for (const signal of signals) this.alerts.ingestSignal(signal, at, record);
      this.patterns.observe(analysis.templateId, analysis.template, at, record.level, record.service);
    }
    await this.alerts.recordBatch(at, applied); // `applied`: journaled with them (workers: N)
    // Queued, never awaited: the history is written off this path (core/history/writer.ts).
    history?.offer(records, analyses, alertIds, at);

    const done = this.now();
    this.metrics.countBatch(parsed, rejected, done, errorLogs);
    const latency = done - started;
    for (const message of batch) {
      this.metrics.latency.record(latency, done);
      this.metrics.decisionLatency.record(Math.max(0, done - message.timestamp), done);
    }
    this.batcher.pushAlerts(this.drainChanged(done));
    this.batcher.pushIncidents(this.drainIncidents());
    const tail = sampleLiveTail(records, analyses, LIVE_ROWS_PER_BATCH);
    this.batcher.pushLogs(tail.rows);
    this.batcher.countDroppedLogs(tail.dropped);
  }

  // ---- commands --------------------------------------------------------------------------

  status(): EngineStatus {
    const now = this.now();
    const lag = this.source?.status().lag ?? [];
    const dq = this.dataQuality.snapshot();
    const own: EngineStatus = {
      running: this.source !== null,
      source: this.source?.kind ?? null,
      startedAt: this.startedAt,
      health: this.health,
      stats: this.metrics.stats({
        now,
        startedAt: this.startedAt,
        lag,
        dataQuality: { total: dq.total, byKind: dq.byKind },
        counts: this.role?.alerts.counts() ?? this.alerts.counts(),
        diskBytes: this.disk.bytes,
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
    if (this.role !== null) return this.role.alerts.list(query, this.now());
    return this.alerts.list(query, this.now());
  }

  actOnAlert(action: AlertAction | VerdictRequest) {
    if (this.role !== null) return roleAct(this.role, action, this.now());
    return this.acting(() =>
      'verdict' in action ? this.giveVerdict(action) : this.alerts.act(action, this.now()),
    );
  }

  listIncidents(query: AlertQuery) {
    return this.role !== null ? roleIncidents(this.role, query) : this.alerts.listIncidents(query);
  }

  incidentDetail(id: string) {
    if (this.role !== null) return roleIncidentDetail(this.role, id);
    return this.acting(() => this.alerts.incidentDetail(id, this.now()));
  }

  actOnIncident(action: AlertAction) {
    if (this.role !== null) return roleActOnIncident(this.role, action, this.now());
    return this.acting(() => this.alerts.actOnIncident(action, this.now()));
  }

  /** Runs an alert or incident command, then publishes (and hands the cluster) what it changed. */
  private acting<T>(step: () => T): Promise<T> {
    return actingOnAlerts(this.alerts, this.batcher, this.now, step, () => this.drainChanged(this.now()));
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

  /** A/B model testing: the verdict is stored with the alert and counted for the alert's arm. */
  private giveVerdict({ id, verdict }: VerdictRequest) {
    const experiments = this.options.experiments;
    const out = this.alerts.verdict(id, verdict, resolveActor(this.options.actorName), this.now());
    experiments?.countVerdict(out.alert.arm ?? null, out.previous, verdict);
    return out.alert;
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

  private tick(): void {
    const now = this.now();
    this.ticks++;
    this.alerts.tick(now);
    this.options.experiments?.tick();
    const sourceStatus = this.source?.status() ?? null;
    let totalLag = 0;
    for (const p of sourceStatus?.lag ?? []) totalLag += p.lag;
    if (sourceStatus) {
      this.detectors.observeSource(sourceStatus.state === 'running', totalLag, now);
      for (const signal of this.detectors.observeLag(totalLag, now)) this.alerts.ingestSignal(signal, now);
    }
    const changed = this.drainChanged(now);
    const incidents = this.drainIncidents();
    if (incidents.length > 0) this.batcher.pushIncidents(incidents);
    if (changed.length > 0 || incidents.length > 0) {
      this.batcher.pushAlerts(changed);
      // Changes made here (lag alerts, auto-resolve, snooze expiry) belong to no batch of offsets,
      // so nothing waits on them; the history never rejects and reports its own failures.
      void this.alerts.recordBatch(now);
    }
    const notes = this.alerts.drainNotifications();
    if (notes.alerts.length > 0 || notes.suppressed > 0)
      this.batcher.pushNotifications(notes.alerts, notes.suppressed);

    // The age bound applies when no logs arrive as well (the writer also checks after its inserts).
    if (this.ticks % 60 === 0) void this.options.history?.enforce(now);
    this.options.history?.noteBacklog(totalLag); // catching up: the history's loads wait
    this.metrics.sampleProcess(now);
    void this.disk.refresh(now).catch(() => undefined);
    this.updateHealth(now, sourceStatus, totalLag);
    if (this.ticks % 2 === 0)
      this.batcher.pushPatterns(
        this.patterns.top(PATTERNS_IN_EVENTS, now, (id) => this.analyzer.miner.resolve(id)),
      );
    const models = this.options.models.status();
    const modelsJson = JSON.stringify(models);
    if (modelsJson !== this.lastModelsJson) {
      this.lastModelsJson = modelsJson;
      this.batcher.pushModels(models);
    }
  }

  /** Health from the current figures; also right after a start or stop, not only on the next tick. */
  private updateHealth(now: number, sourceStatus = this.source?.status() ?? null, totalLag = 0): void {
    if (sourceStatus && totalLag === 0) for (const p of sourceStatus.lag) totalLag += p.lag;
    const history = this.alerts.historyStatus();
    this.health = evaluateHealth(
      {
        source: sourceStatus,
        lagGrowing: this.detectors.lagGrowing(),
        consumerLag: totalLag,
        errorRate: this.metrics.errorRate(now),
        latencyP99Ms: this.metrics.latency.percentiles(now).p99,
        modelUnavailable: this.options.models.unavailableReason(),
        history: history ? { degraded: history.degraded, reason: history.reason } : null,
      },
      this.options.health,
    );
    const historyReason =
      this.options.history?.reason(now) ?? (this.historyOff?.failed ? this.historyOff.reason : null);
    // An analyzer's fold member or alert view that cannot read the cluster's topics (issue 19).
    for (const reason of [historyReason, this.role?.problem() ?? null]) {
      if (reason === null || this.health.status === 'stopped') continue;
      const status = this.health.status === 'healthy' ? 'degraded' : this.health.status;
      this.health = { status, reasons: [...this.health.reasons, reason] };
    }
  }

  /** The local store's changed alerts, for the window (in a cluster role: the role's evidence only). */
  private drainChanged(now: number): Alert[] {
    const changed = this.alerts.drainChanged(now);
    if (changed.length > 0) this.options.onAlertsChanged?.(changed);
    if (this.role === null) return changed;
    this.role.collect(changed); // the window shows the cluster's alerts (startRole's onAlerts)
    return [];
  }

  /** In a role, the incidents over the cluster's alerts (docs/scaling.md); its partial local ones stay local. */
  private drainIncidents() {
    const incidents = this.alerts.drainChangedIncidents();
    return this.role === null ? incidents : (this.role.incidents?.drainChanged() ?? []);
  }

  private serialize<T>(step: () => Promise<T>): Promise<T> {
    const run = this.lifecycle.then(step, step);
    this.lifecycle = run.catch(() => undefined);
    return run;
  }
}
