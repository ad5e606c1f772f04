/**
 * Numeric signals: numbers with a known meaning, read from a log's structured fields (by name,
 * numeric-fields.json) and from the template parameters that carry one (template-plan.ts, decided
 * once per template and cached), fed to four detectors:
 *  - latency_shift: a duration's p95 several times its usual value (latency-shift.ts),
 *  - http_5xx_surge: the share of 5xx answers of a stream against its usual share (status-share.ts),
 *  - resource_ceiling: a CPU, memory or disk percentage at its ceiling (ceilings.ts),
 *  - duration_threshold: durations over a fixed threshold for their kind (fixed-thresholds.ts).
 * The per-log cost for a log without such numbers is a cached plan lookup and a loop over its
 * fields; a number costs a parse and a few compares. Signals are only allocated when one fires.
 */
import type { AlertLevel, Analysis, LogRecord } from '../../contract';
import { clip, type Signal, type SignalKind } from '../signal';
import { CeilingDetector } from './ceilings';
import { eventTime } from './event-time';
import { FixedThresholdDetector } from './fixed-thresholds';
import { formatInterval, formatPercent, formatSeconds } from './format';
import { DEFAULT_LATENCY_SHIFT, LatencyShiftDetector, type LatencyShiftOptions } from './latency-shift';
import { PlanCache, type PlanEntry } from './plan-cache';
import { DEFAULT_STATUS_SHARE, StatusShareDetector, type StatusShareOptions } from './status-share';
import {
  numericTables,
  type DurationKind,
  type FieldMeaning,
  type NumericTables,
  type Resource,
} from './tables';
import { thresholdsFor } from './template-plan';
import { parseDuration, parseHttpStatus, parsePercent, statusOf } from './units';

export interface NumericSignalOptions {
  enabled: boolean;
  latency: Partial<LatencyShiftOptions>;
  status: Partial<StatusShareOptions>;
  /** Interval of the ceilings and fixed thresholds (at most one signal per stream and level in it). */
  intervalMs: number;
  /** Most streams tracked by the ceilings and by the fixed thresholds, each. */
  maxKeys: number;
  /** Most template plans cached. */
  maxPlans: number;
  /** A log's own time is used when within this much before the detector clock ... */
  maxLagMs: number;
  /** ... and this much after it; otherwise the clock's time is. */
  maxAheadMs: number;
  /** A latency shift is high (not medium) from this multiple of the usual p95 and at least 1 s ... */
  severeRatio: number;
  /** ... or from this p95 in seconds, for request, query and GC durations. */
  severeSeconds: number;
}

export const DEFAULT_NUMERIC_SIGNALS: NumericSignalOptions = {
  enabled: true,
  latency: {},
  status: {},
  intervalMs: 60_000,
  maxKeys: 10_000,
  maxPlans: 10_000,
  maxLagMs: 15 * 60_000,
  maxAheadMs: 60_000,
  severeRatio: 10,
  severeSeconds: 10,
};

export interface NumericStats {
  plans: number;
  latencyKeys: number;
  statusKeys: number;
  ceilingKeys: number;
  thresholdKeys: number;
  evictedKeys: number;
}

const NO_MEANING = null;
const MAX_DURATION_SECONDS = 1e4;
const MAX_DURATIONS_PER_LOG = 16;
const MAX_NAMES = 10_000;

export class NumericSignals {
  readonly options: NumericSignalOptions;
  private readonly tables: NumericTables;
  private readonly plans: PlanCache;
  private readonly latency: LatencyShiftDetector;
  private readonly status: StatusShareDetector;
  private readonly ceilings: CeilingDetector;
  private readonly thresholds: FixedThresholdDetector;
  private readonly names = new Map<string, FieldMeaning | null>();
  private readonly thresholdsByKind: Map<DurationKind, ReturnType<typeof thresholdsFor>>;
  private record!: LogRecord;
  private analysis!: Analysis;
  private stream = '';
  private now = 0;
  private out: Signal[] | null = null;
  private pending = 0;
  private readonly pendingKeys: string[] = [];
  private readonly pendingLabels: string[] = [];
  private readonly pendingSeconds: number[] = [];
  private readonly pendingKinds: DurationKind[] = [];

  constructor(options: Partial<NumericSignalOptions> = {}, tables: NumericTables = numericTables()) {
    this.options = { ...DEFAULT_NUMERIC_SIGNALS, ...options };
    const o = this.options;
    this.tables = tables;
    this.plans = new PlanCache(tables, o.maxPlans);
    this.latency = new LatencyShiftDetector(o.latency);
    this.status = new StatusShareDetector(o.status);
    this.ceilings = new CeilingDetector(o.intervalMs, o.maxKeys);
    this.thresholds = new FixedThresholdDetector(o.intervalMs, o.maxKeys);
    this.thresholdsByKind = new Map(
      (['request', 'query', 'gc', 'other'] as const).map((k) => [k, thresholdsFor(tables, k)]),
    );
  }

  /** Signals raised by one analyzed log, or null (the common case). */
  observe(record: LogRecord, analysis: Analysis, now: number): Signal[] | null {
    if (!this.options.enabled) return null;
    const t = eventTime(record.time, now, this.options.maxLagMs, this.options.maxAheadMs);
    const entry = this.plans.get(analysis);
    this.record = record;
    this.analysis = analysis;
    this.stream = record.service ?? record.host ?? record.topic;
    this.now = now;
    this.out = null;
    this.pending = 0;
    let status = Number.NaN;

    const fields = record.fields;
    for (const name in fields) {
      const meaning = this.meaningOf(name);
      if (meaning === NO_MEANING) continue;
      const value = fields[name];
      if (meaning.meaning === 'duration') {
        const seconds =
          typeof value === 'number'
            ? meaning.secondsPerUnit === null
              ? Number.NaN
              : value * meaning.secondsPerUnit
            : typeof value === 'string'
              ? parseDuration(value, meaning.secondsPerUnit)
              : Number.NaN;
        const kind = meaning.kind === 'other' ? (entry.plan.kind ?? 'other') : meaning.kind;
        this.defer(entry, meaning.name, seconds, kind);
      } else if (meaning.meaning === 'http_status') {
        const s = statusOf(value);
        if (!Number.isNaN(s) && Number.isNaN(status)) {
          status = s;
          this.httpStatus(s, t);
        }
      } else {
        const percent =
          typeof value === 'number'
            ? meaning.scale === 'ratio'
              ? value * 100
              : value
            : typeof value === 'string'
              ? parsePercent(value, meaning.scale, false)
              : Number.NaN;
        this.percent(entry.key(this.stream, meaning.name, true), meaning.name, percent, meaning.resource, t);
      }
    }

    const params = analysis.params;
    for (const p of entry.plan.positions) {
      const raw = params[p.index];
      if (raw === undefined) continue;
      if (p.meaning === 'duration') {
        this.defer(entry, p.label, parseDuration(raw, p.secondsPerUnit), p.kind);
      } else if (p.meaning === 'http_status') {
        if (!Number.isNaN(status)) continue; // a structured field already counted this answer
        const s = parseHttpStatus(raw);
        if (!Number.isNaN(s)) {
          status = s;
          this.httpStatus(s, t);
        }
      } else if (p.resource !== null) {
        const read = parsePercent(raw, p.scale, p.requireSign);
        const percent = p.free ? 100 - read : read;
        this.percent(entry.key(this.stream, p.label, true), p.label, percent, p.resource, t);
      }
    }

    // 101 Switching Protocols (a WebSocket): the logged time is the connection's lifetime.
    if (status !== 101) {
      for (let i = 0; i < this.pending; i++) {
        this.duration(
          this.pendingKeys[i]!,
          this.pendingLabels[i]!,
          this.pendingSeconds[i]!,
          this.pendingKinds[i]!,
          t,
        );
      }
    }
    return this.out;
  }

  /**
   * Keeps a duration until the log's status is known. Request durations are tracked per stream
   * (all of a service's requests make one latency), others per stream and template.
   */
  private defer(entry: PlanEntry, label: string, seconds: number, kind: DurationKind): void {
    if (this.pending >= MAX_DURATIONS_PER_LOG) return;
    const i = this.pending++;
    this.pendingKeys[i] = entry.key(this.stream, label, kind !== 'request');
    this.pendingLabels[i] = label;
    this.pendingSeconds[i] = seconds;
    this.pendingKinds[i] = kind;
  }

  stats(): NumericStats {
    return {
      plans: this.plans.size,
      latencyKeys: this.latency.size,
      statusKeys: this.status.size,
      ceilingKeys: this.ceilings.size,
      thresholdKeys: this.thresholds.size,
      evictedKeys:
        this.latency.evicted + this.status.evicted + this.ceilings.evicted + this.thresholds.evicted,
    };
  }

  private meaningOf(name: string): FieldMeaning | null {
    const cached = this.names.get(name);
    if (cached !== undefined) return cached;
    const meaning = this.tables.fields.get(name.toLowerCase()) ?? NO_MEANING;
    if (this.names.size >= MAX_NAMES) this.names.clear();
    this.names.set(name, meaning);
    return meaning;
  }

  private duration(key: string, label: string, seconds: number, kind: DurationKind, t: number): void {
    // Over the histogram's range (~2.8 h) a "duration" is a schedule or an uptime, not a latency.
    if (!(seconds >= 0 && seconds <= MAX_DURATION_SECONDS)) return;
    const shift = this.latency.observe(key, seconds, t);
    if (shift !== null) {
      const o = this.options;
      const severe =
        (shift.p95 >= o.severeRatio * shift.usual && shift.p95 >= 1) || shift.p95 >= o.severeSeconds;
      const level: AlertLevel = severe && kind !== 'other' ? 'high' : 'medium';
      const interval = formatInterval(this.latency.options.intervalMs ?? DEFAULT_LATENCY_SHIFT.intervalMs);
      const where =
        kind === 'request'
          ? `${label} of the requests of ${clip(this.stream, 80)}`
          : `${label} of "${clip(this.analysis.template, 120)}" in ${clip(this.stream, 80)}`;
      this.emit(
        'latency_shift',
        `latency:${key}`,
        kind !== 'request',
        shift.p95,
        shift.usual,
        level,
        `p95 ${formatSeconds(shift.p95)} over ${interval}, usually ${formatSeconds(shift.usual)} ` +
          `(${where}, ${shift.count} values).`,
        kind === 'query'
          ? 'Check the database: slow statements, lock waits, a saturated connection pool.'
          : 'Check what the operation waits on (a dependency, the database, CPU or GC pauses) and recent changes.',
      );
    }
    const thresholds = this.thresholdsByKind.get(kind)!;
    for (const th of thresholds) {
      if (!(seconds > th.above)) continue;
      const breach = this.thresholds.observe(`${th.id}|${key}`, seconds, th, t);
      if (breach === null) continue;
      const limit = breach.severe ? th.severeAbove : th.above;
      this.emit(
        'duration_threshold',
        `threshold:${th.id}:${key}`,
        kind !== 'request',
        breach.max,
        limit,
        breach.level,
        `${breach.count} value${breach.count === 1 ? '' : 's'} of "${label}" over ${formatSeconds(limit)} within ` +
          `${formatInterval(this.options.intervalMs)} in ${clip(this.stream, 80)} (longest ${formatSeconds(breach.max)}; ` +
          `"${clip(this.analysis.template, 120)}"). ${th.reason}`,
        th.advice,
      );
    }
  }

  private httpStatus(status: number, t: number): void {
    const surge = this.status.observe(this.stream, status, t);
    if (surge === null) return;
    const usual = Number.isNaN(surge.usual)
      ? 'no usual share yet'
      : `usually ${formatPercent(surge.usual * 100)}`;
    const interval = formatInterval(this.status.options.intervalMs ?? DEFAULT_STATUS_SHARE.intervalMs);
    this.emit(
      'http_5xx_surge',
      `http5xx:${this.stream}`,
      false,
      surge.share * 100,
      Number.isNaN(surge.usual) ? 0 : surge.usual * 100,
      surge.level,
      `${surge.errors} of ${surge.total} HTTP answers (${formatPercent(surge.share * 100)}) were 5xx over ${interval} ` +
        `in ${clip(this.stream, 80)}, ${usual}.`,
      'Check the upstreams and the application behind this server: errors in its logs, health, recent deploys.',
    );
  }

  private percent(key: string, label: string, percent: number, resource: Resource, t: number): void {
    // Over 100 is not a share of the resource (a process's CPU over several cores): no ceiling.
    if (!(percent >= 0 && percent <= 100)) return;
    const ceiling = this.tables.ceilings.get(resource);
    if (ceiling === undefined || percent < ceiling.ceiling) {
      if (ceiling !== undefined) this.ceilings.observe(key, percent, ceiling, t); // resets a run
      return;
    }
    const breach = this.ceilings.observe(key, percent, ceiling, t);
    if (breach === null) return;
    const limit = breach.severe ? ceiling.severe : ceiling.ceiling;
    this.emit(
      'resource_ceiling',
      `ceiling:${resource}:${key}`,
      false,
      percent,
      limit,
      breach.level,
      `${resource} at ${formatPercent(percent)} (${label}) in ${clip(this.stream, 80)}: ${breach.run} value` +
        `${breach.run === 1 ? '' : 's'} in a row at or above ${formatPercent(limit)}. ${ceiling.reason}`,
      ceiling.advice,
    );
  }

  private emit(
    kind: SignalKind,
    key: string,
    perTemplate: boolean,
    value: number,
    baseline: number,
    level: AlertLevel,
    message: string,
    advice: string,
  ): void {
    const signal: Signal = {
      kind,
      key,
      service: this.record.service,
      topic: this.record.topic,
      templateId: perTemplate ? this.analysis.templateId : null,
      template: perTemplate ? this.analysis.template : null,
      severity: this.analysis.severity,
      value,
      baseline,
      message,
      sample: this.record.message,
      at: this.now,
      level,
      advice,
    };
    (this.out ??= []).push(signal);
  }
}
