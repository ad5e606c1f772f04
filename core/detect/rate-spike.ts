/**
 * Rate spikes: a template logging far more than usual in one stream (`rate_spike`), and a stream
 * logging far more errors than usual (`error_spike`). Both count events in fixed intervals against
 * an EWMA baseline (see interval-baseline.ts); they fire as soon as the running interval crosses
 * its threshold rather than when it closes, so a spike is reported within the interval it happens in.
 *
 * The stream is the log's service (which the parser falls back to the topic for), else its host,
 * else its topic: every volume alert names what it measured, and one template's volume in one
 * service is judged apart from the same template in another.
 *
 * Event time: a log is counted at its own time (`record.time`: the log's timestamp, else the
 * producer's Kafka timestamp) when that lies within [now - maxLagMs, now + maxAheadMs], so a
 * backlog read in seconds after a stop or an outage falls in the intervals it was written in.
 * A time ahead of that (a producer clock running fast) is counted at arrival; a time older than
 * `maxLagMs` is a replay of old data, counted at arrival and marked stale, so its interval
 * neither fires nor teaches the baseline. Gaps (gaps.ts) are handled by the baselines.
 * `maxLagMs` is a day: a host that writes zone-less local times west of UTC (read as UTC) is up
 * to 12 h "behind" and must still be judged; one east of UTC is "ahead" and counts at arrival.
 */
import type { Analysis, LogRecord } from '../contract';
import type { GapView } from './gaps';
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
  /** Oldest event time counted as such; older logs are a replay (counted at arrival, stale). */
  maxLagMs: number;
  /** Latest event time accepted ahead of the clock (clock skew); later ones count at arrival. */
  maxAheadMs: number;
}

export const DEFAULT_EVENT_TIME = { maxLagMs: 24 * 3_600_000, maxAheadMs: 5000 };

/** Key used for logs that name no service, host or topic (never in a Kafka stream). */
export const UNKNOWN_SERVICE = '(unknown)';

/** An error for rate purposes: the model says so, or the producer wrote error/fatal. */
export function isErrorLog(record: LogRecord, analysis: Analysis): boolean {
  return analysis.severity === 'error' || record.level === 'error' || record.level === 'fatal';
}

/** The stream a log belongs to for volume: its service, else its host, else its topic. */
export function streamOf(record: LogRecord): string {
  return record.service ?? record.host ?? (record.topic === '' ? UNKNOWN_SERVICE : `topic ${record.topic}`);
}

/** Most templates, and streams per template, whose composite keys are cached (then the cache restarts). */
const MAX_MEMO_TEMPLATES = 20_000;
const MAX_MEMO_STREAMS = 1000;

export class RateSpikeDetector {
  private readonly templates: IntervalBaseline;
  private readonly serviceErrors: IntervalBaseline;
  private readonly intervalSeconds: { template: number; service: number };
  private readonly maxLagMs: number;
  private readonly maxAheadMs: number;
  /** templateId → stream → `templateId\0stream`: the hot path builds no string per log. */
  private readonly templateKeys = new Map<string, Map<string, string>>();
  private staleEvents = 0;
  /** Set by `eventTimeOf` (no allocation per log). */
  private stale = false;

  constructor(options: Partial<RateSpikeOptions> = {}, gaps: GapView | null = null) {
    this.templates = new IntervalBaseline({ ...DEFAULT_TEMPLATE_SPIKE, ...options.template }, gaps);
    this.serviceErrors = new IntervalBaseline(
      { ...DEFAULT_SERVICE_ERROR_SPIKE, ...options.serviceErrors },
      gaps,
    );
    this.intervalSeconds = {
      template: (options.template?.intervalMs ?? 10_000) / 1000,
      service: (options.serviceErrors?.intervalMs ?? 10_000) / 1000,
    };
    this.maxLagMs = options.maxLagMs ?? DEFAULT_EVENT_TIME.maxLagMs;
    this.maxAheadMs = options.maxAheadMs ?? DEFAULT_EVENT_TIME.maxAheadMs;
  }

  /** Template volume spike for this log's template in its stream, or null. */
  observeTemplate(record: LogRecord, analysis: Analysis, now: number): Signal | null {
    const stream = streamOf(record);
    const key = this.templateKey(analysis.templateId, stream);
    const t = this.eventTimeOf(record, now);
    const fired = this.templates.observe(key, t, this.stale);
    if (fired === null) return null;
    return this.signal(
      'rate_spike',
      `template:${analysis.templateId}@${stream}`,
      fired,
      record,
      analysis,
      now,
      `Pattern "${clip(analysis.template, 160)}" logged ${fired.count} times in ${this.intervalSeconds.template} s in ${clip(stream, 80)}`,
    );
  }

  /** Error spike for this log's stream (only error logs count), or null. */
  observeServiceErrors(record: LogRecord, analysis: Analysis, now: number): Signal | null {
    if (!isErrorLog(record, analysis)) return null;
    const stream = streamOf(record);
    const t = this.eventTimeOf(record, now);
    const fired = this.serviceErrors.observe(stream, t, this.stale);
    if (fired === null) return null;
    return this.signal(
      'error_spike',
      `service:${stream}`,
      fired,
      record,
      analysis,
      now,
      `Service "${clip(stream, 80)}" logged ${fired.count} errors in ${this.intervalSeconds.service} s`,
    );
  }

  stats(): {
    templateKeys: number;
    serviceKeys: number;
    evictedKeys: number;
    lateEvents: number;
    staleEvents: number;
    suppressedInGaps: number;
  } {
    return {
      templateKeys: this.templates.size,
      serviceKeys: this.serviceErrors.size,
      evictedKeys: this.templates.evictedKeys + this.serviceErrors.evictedKeys,
      lateEvents: this.templates.late + this.serviceErrors.late,
      staleEvents: this.staleEvents,
      suppressedInGaps: this.templates.suppressed + this.serviceErrors.suppressed,
    };
  }

  private templateKey(templateId: string, stream: string): string {
    let streams = this.templateKeys.get(templateId);
    if (streams === undefined) {
      if (this.templateKeys.size >= MAX_MEMO_TEMPLATES) this.templateKeys.clear();
      streams = new Map();
      this.templateKeys.set(templateId, streams);
    }
    let key = streams.get(stream);
    if (key === undefined) {
      if (streams.size >= MAX_MEMO_STREAMS) streams.clear();
      key = `${templateId}\u0000${stream}`;
      streams.set(stream, key);
    }
    return key;
  }

  /** The time to count a log at (see the header); sets `this.stale`. */
  private eventTimeOf(record: LogRecord, now: number): number {
    const time = record.time;
    this.stale = false;
    if (!(time <= now + this.maxAheadMs)) return now; // ahead of the clock (or not a number)
    if (time >= now - this.maxLagMs) return time;
    this.stale = true;
    this.staleEvents += 1;
    return now;
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
      host: record.host,
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
