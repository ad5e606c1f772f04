/**
 * The engine's hot path (engine.ts `processBatch`): one batch from the source through parse,
 * stack-frame joining, analysis, alerts, detectors and pattern counts to durable alerts, then the
 * history's queue, the metrics and the window's events. It owns the data-quality counts and the
 * root-cause memo that only this path feeds.
 */
import type { AlertManager } from '../alerts';
import type { AppliedOffset } from '../alerts/history-offsets';
import type { Detectors } from '../detect';
import type { RawMessage } from '../ingest/source';
import { DataQualityTracker, parseMessage } from '../parse';
import { joinContinuations, RAW_START_OTHER, RAW_START_SPACE, RAW_START_TAB } from '../parse/continuation';
import type { AlertCommands } from './alert-commands';
import type { Analyzer } from './analyzer';
import type { EngineMetrics } from './engine-metrics';
import type { EngineOptions } from './engine-options';
import type { EngineParts } from './engine-parts';
import type { EventBatcher } from './event-batcher';
import { sampleLiveTail } from './live-tail';
import type { PatternStats } from './pattern-stats';
import { RootCauseMemo } from './root-causes';

const LIVE_ROWS_PER_BATCH = 50;

export class BatchProcessor {
  readonly dataQuality = new DataQualityTracker();
  private readonly rootCauses = new RootCauseMemo();
  private readonly options: EngineOptions;
  private readonly now: () => number;
  private readonly analyzer: Analyzer;
  private readonly alerts: AlertManager;
  private readonly detectors: Detectors;
  private readonly patterns: PatternStats;
  private readonly metrics: EngineMetrics;
  private readonly batcher: EventBatcher;
  private readonly commands: AlertCommands;

  constructor(parts: EngineParts) {
    this.options = parts.options;
    this.now = parts.now;
    this.analyzer = parts.analyzer;
    this.alerts = parts.alerts;
    this.detectors = parts.detectors;
    this.patterns = parts.patterns;
    this.metrics = parts.metrics;
    this.batcher = parts.batcher;
    this.commands = parts.commands;
  }

  /** Analyzes one batch and records its alerts; resolves only when they are durable. */
  async process(batch: readonly RawMessage[], applied?: AppliedOffset[]): Promise<void> {
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
    this.batcher.pushAlerts(this.commands.drainChanged(done));
    this.batcher.pushIncidents(this.commands.drainIncidents());
    const tail = sampleLiveTail(records, analyses, LIVE_ROWS_PER_BATCH);
    this.batcher.pushLogs(tail.rows);
    this.batcher.countDroppedLogs(tail.dropped);
  }
}
