/**
 * Rate spikes: a template logging far more than usual (`rate_spike`), and a service logging far
 * more errors than usual (`error_spike`). Both count events in fixed intervals against an EWMA
 * baseline (see interval-baseline.ts); they fire as soon as the running interval crosses its
 * threshold rather than when it closes, so a spike is reported within the interval it happens in.
 */
import type { Analysis, LogRecord } from '../contract';
import { IntervalBaseline, type IntervalBaselineOptions, type KeyBaseline } from './interval-baseline';
import { clip, type Signal } from './signal';

/**
 * Template volume is judged more strictly than service errors: there are thousands of templates
 * against tens of services, so at the same threshold chance alone fires far more often across
 * templates (multiple testing), and a real retry storm or loop is many times the usual volume.
 */
export const DEFAULT_TEMPLATE_SPIKE: Partial<IntervalBaselineOptions> = { k: 5, minRatio: 3 };
export const DEFAULT_SERVICE_ERROR_SPIKE: Partial<IntervalBaselineOptions> = { k: 4, minRatio: 2 };

export interface RateSpikeOptions {
  /** Baseline settings for per-template volume. */
  template: Partial<IntervalBaselineOptions>;
  /** Baseline settings for per-service error counts. */
  serviceErrors: Partial<IntervalBaselineOptions>;
}

/** Key used for logs that name no service. */
export const UNKNOWN_SERVICE = '(unknown)';

/** An error for rate purposes: the model says so, or the producer wrote error/fatal. */
export function isErrorLog(record: LogRecord, analysis: Analysis): boolean {
  return analysis.severity === 'error' || record.level === 'error' || record.level === 'fatal';
}

export class RateSpikeDetector {
  private readonly templates: IntervalBaseline;
  private readonly serviceErrors: IntervalBaseline;
  private readonly intervalSeconds: { template: number; service: number };

  constructor(options: Partial<RateSpikeOptions> = {}) {
    this.templates = new IntervalBaseline({ ...DEFAULT_TEMPLATE_SPIKE, ...options.template });
    this.serviceErrors = new IntervalBaseline({ ...DEFAULT_SERVICE_ERROR_SPIKE, ...options.serviceErrors });
    this.intervalSeconds = {
      template: (options.template?.intervalMs ?? 10_000) / 1000,
      service: (options.serviceErrors?.intervalMs ?? 10_000) / 1000,
    };
  }

  /** Template volume spike for this log's template, or null. */
  observeTemplate(record: LogRecord, analysis: Analysis, now: number): Signal | null {
    const fired = this.templates.observe(analysis.templateId, now);
    if (fired === null) return null;
    return this.signal(
      'rate_spike',
      `template:${analysis.templateId}`,
      fired,
      record,
      analysis,
      now,
      `Pattern "${clip(analysis.template, 160)}" logged ${fired.count} times in ${this.intervalSeconds.template} s`,
    );
  }

  /** Error spike for this log's service (only error logs count), or null. */
  observeServiceErrors(record: LogRecord, analysis: Analysis, now: number): Signal | null {
    if (!isErrorLog(record, analysis)) return null;
    const service = record.service ?? UNKNOWN_SERVICE;
    const fired = this.serviceErrors.observe(service, now);
    if (fired === null) return null;
    return this.signal(
      'error_spike',
      `service:${service}`,
      fired,
      record,
      analysis,
      now,
      `Service "${clip(service, 80)}" logged ${fired.count} errors in ${this.intervalSeconds.service} s`,
    );
  }

  stats(): { templateKeys: number; serviceKeys: number; evictedKeys: number } {
    return {
      templateKeys: this.templates.size,
      serviceKeys: this.serviceErrors.size,
      evictedKeys: this.templates.evictedKeys + this.serviceErrors.evictedKeys,
    };
  }

  private signal(
    kind: 'rate_spike' | 'error_spike',
    key: string,
    state: KeyBaseline,
    record: LogRecord,
    analysis: Analysis,
    now: number,
    lead: string,
  ): Signal {
    const sigma = IntervalBaseline.sigma(state);
    return {
      kind,
      key,
      service: record.service,
      topic: record.topic,
      templateId: kind === 'rate_spike' ? analysis.templateId : null,
      template: kind === 'rate_spike' ? analysis.template : null,
      severity: analysis.severity,
      value: state.count,
      baseline: state.mean,
      message: `${lead}, usual ${state.mean.toFixed(1)} ± ${sigma.toFixed(1)} per interval.`,
      sample: record.message,
      at: now,
    };
  }
}
