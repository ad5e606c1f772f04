/**
 * Builds the incident summary while `vigil analyze` streams a file: each analyzed line goes through
 * the engine's own alert manager and detectors (core/alerts, core/detect) on the clock of the logs'
 * own time, so the alerts listed are the ones the engine would have raised for these logs, and a
 * brute force spread over minutes of log time is seen as such however fast the file is read.
 *
 * The analyze result carries the analysis but not the parsed record, so the line is parsed again
 * here, the way the engine parses it (parseText), to get the service, host, level and time.
 * Memory is bounded: the alert store, the template tally and the histogram all have limits.
 */
import type { Analysis, AnalyzeResult } from '../../contract';
import { AlertManager } from '../../alerts';
import { Detectors } from '../../detect';
import { parseText } from '../../parse';
import { loadRuleSet, RuleEngine, type RuleSet } from '../../rules';
import { ErrorHistogram } from './error-histogram';
import { TemplateTally } from './template-tally';
import type { IncidentSummary, SummaryAlert } from './types';

export const MAX_ALERTS_LISTED = 100;
export const TOP_TEMPLATES = 10;
/** The engine ticks its alert manager once a second; here the second is one of log time. */
const TICK_MS = 1000;

const LEVEL_RANK = { critical: 0, high: 1, medium: 2, low: 3 } as const;

export interface CollectorOptions {
  /** Reference time for logs without a year or without a time (epoch ms); default: now. */
  reference?: number;
  /** Overrides for tests (smaller bounds). */
  maxTemplates?: number;
  maxBuckets?: number;
  /** The detection rules, as the engine loads them (default: the shipped pack and Sigma rules). */
  rules?: RuleSet;
}

export class IncidentCollector {
  private readonly alerts: AlertManager;
  private readonly detectors = new Detectors();
  private readonly templates: TemplateTally;
  private readonly errors: ErrorHistogram;
  private readonly reference: number;
  /** The alert clock: the latest log time so far (logs a little out of order never move it back). */
  private clock: number | null = null;
  private lastTick = -Infinity;
  private first = Infinity;
  private last = -Infinity;
  private withoutTime = 0;
  private unparsed = 0;

  constructor(options: CollectorOptions = {}) {
    this.reference = options.reference ?? Date.now();
    // The engine's decision order: rules first (pack, user, Sigma), the built-in fallbacks after.
    const rules = options.rules ?? loadRuleSet();
    this.alerts = new AlertManager({ ruleEngine: new RuleEngine(rules.rules, { perLog: rules.perLog }) });
    this.templates = new TemplateTally(options.maxTemplates);
    this.errors = new ErrorHistogram(options.maxBuckets);
  }

  /** One analyzed line: its text and the engine's result for it. */
  observe(line: number, text: string, result: AnalyzeResult): void {
    const outcome = parseText(text, {
      topic: 'analyze',
      partition: 0,
      offset: String(line),
      timestamp: this.reference,
    });
    // The engine analyzed this line, so it parses the same way; should it not, it is counted.
    if (!outcome.ok) {
      this.unparsed++;
      return;
    }
    const record = outcome.record;
    // A log without a time of its own gets the reference time: count it at the previous log's time.
    let time = record.time;
    if (time === this.reference) {
      this.withoutTime++;
      time = this.clock ?? this.reference;
    }
    if (time < this.first) this.first = time;
    if (time > this.last) this.last = time;
    const now = this.clock === null || time > this.clock ? time : this.clock;
    this.clock = now;
    if (now - this.lastTick >= TICK_MS) {
      this.alerts.tick(now);
      this.release(now);
      this.lastTick = now;
    }

    // AnalyzeResult has no params and no classifiedBy: no rule or detector reads them.
    const analysis: Analysis = {
      templateId: result.templateId,
      template: result.template,
      params: [],
      severity: result.severity,
      category: result.category,
      scores: result.scores,
      classifiedBy: 'model',
    };
    this.alerts.ingestLog(record, analysis, now);
    for (const signal of this.detectors.observe(record, analysis, now))
      this.alerts.ingestSignal(signal, now, record);

    const isError = result.severity === 'error' || record.level === 'error' || record.level === 'fatal';
    this.templates.add(result.templateId, result.template, result.severity, isError, time);
    if (isError) this.errors.add(time);
  }

  /**
   * Releases what the manager keeps for UI events and for the on-disk history, which this offline
   * run has no use for (the summary reads the store itself): without it those change sets grow.
   */
  private release(now: number): void {
    this.alerts.drainChanged();
    this.alerts.drainNotifications();
    this.alerts.store.drainPersist(now);
  }

  summary(input: string, lines: IncidentSummary['lines']): IncidentSummary {
    const raised: SummaryAlert[] = [];
    for (const alert of this.alerts.store.all()) {
      raised.push({
        level: alert.level,
        trigger: alert.trigger,
        title: alert.title,
        count: alert.count,
        firstSeen: alert.firstSeen,
        lastSeen: alert.lastSeen,
        service: alert.service,
        reason: alert.reason,
      });
    }
    raised.sort(
      (a, b) => LEVEL_RANK[a.level] - LEVEL_RANK[b.level] || b.count - a.count || a.firstSeen - b.firstSeen,
    );
    return {
      input,
      lines,
      timeRange: this.first === Infinity ? null : { first: this.first, last: this.last },
      logsWithoutTime: this.withoutTime,
      notSummarized: this.unparsed,
      alerts: raised.slice(0, MAX_ALERTS_LISTED),
      alertsTotal: raised.length,
      topTemplates: {
        byCount: this.templates.byCount(TOP_TEMPLATES),
        bySeverity: this.templates.bySeverity(TOP_TEMPLATES),
      },
      templates: { tracked: this.templates.tracked, dropped: this.templates.dropped },
      errorsPerMinute: {
        bucketMs: this.errors.bucketMs,
        total: this.errors.total,
        buckets: this.errors.buckets(),
      },
    };
  }
}
