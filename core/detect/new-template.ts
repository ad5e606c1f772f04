/**
 * New templates: a log pattern never seen before, reported once per template after a warm-up.
 *
 * Warm-up: at start every template is "new", so the detector first learns silently for
 * `warmupLogs` logs and/or `warmupMs` of its clock (`warmupEndsWhen` picks "both" or "either";
 * a value of 0 is met at once). After warm-up a template never seen before fires once.
 *
 * Memory: known templates live in two generations (current, previous). A lookup that hits the
 * previous generation promotes the template; when the current generation is full, the previous is
 * dropped. So memory is bounded by `maxKnown` and a template that is still in use is never forgotten
 * (one that was silent for a whole generation may be reported again, which is arguably right).
 */
import type { Analysis, LogRecord } from '../contract';
import { clip, type Signal } from './signal';

export interface NewTemplateOptions {
  warmupLogs: number;
  warmupMs: number;
  warmupEndsWhen: 'both' | 'either';
  /** Most templates remembered (both generations together). */
  maxKnown: number;
  /** At most this many new-template signals per minute; the rest are counted as suppressed. */
  maxSignalsPerMinute: number;
}

export const DEFAULT_NEW_TEMPLATE: NewTemplateOptions = {
  warmupLogs: 1000,
  warmupMs: 60_000,
  warmupEndsWhen: 'both',
  maxKnown: 100_000,
  maxSignalsPerMinute: 30,
};

export class NewTemplateDetector {
  private readonly options: NewTemplateOptions;
  private current = new Set<string>();
  private previous = new Set<string>();
  private startedAt: number | null = null;
  private logsSeen = 0;
  private warm = false;
  private minute = -1;
  private signalsThisMinute = 0;
  private suppressedTotal = 0;
  private reported = 0;

  constructor(options: Partial<NewTemplateOptions> = {}) {
    this.options = { ...DEFAULT_NEW_TEMPLATE, ...options };
    if (!(this.options.maxKnown >= 2)) throw new Error('maxKnown must be at least 2');
  }

  /** Templates known from elsewhere (e.g. the pattern store after a restart): never reported. */
  markKnown(templateIds: Iterable<string>): void {
    for (const id of templateIds) this.remember(id);
  }

  observe(record: LogRecord, analysis: Analysis, now: number): Signal | null {
    if (!this.warm) this.advanceWarmup(now);
    const id = analysis.templateId;
    if (this.current.has(id)) return null;
    if (this.previous.has(id)) {
      this.previous.delete(id);
      this.remember(id);
      return null;
    }
    this.remember(id);
    if (!this.warm) return null;
    if (!this.allowSignal(now)) return null;
    this.reported += 1;
    return {
      kind: 'new_template',
      key: `template:${id}`,
      service: record.service,
      topic: record.topic,
      templateId: id,
      template: analysis.template,
      severity: analysis.severity,
      value: 1,
      baseline: 0,
      message: `New log pattern first seen${record.service ? ` in service "${clip(record.service, 80)}"` : ''}: "${clip(analysis.template, 200)}".`,
      sample: record.message,
      at: now,
    };
  }

  get warmedUp(): boolean {
    return this.warm;
  }

  stats(): { known: number; reported: number; suppressed: number; warmedUp: boolean } {
    return {
      known: this.current.size + this.previous.size,
      reported: this.reported,
      suppressed: this.suppressedTotal,
      warmedUp: this.warm,
    };
  }

  private advanceWarmup(now: number): void {
    if (this.startedAt === null) this.startedAt = now;
    this.logsSeen += 1;
    const byCount = this.logsSeen > this.options.warmupLogs;
    const byTime = now - this.startedAt >= this.options.warmupMs;
    this.warm = this.options.warmupEndsWhen === 'both' ? byCount && byTime : byCount || byTime;
  }

  private allowSignal(now: number): boolean {
    const minute = Math.floor(now / 60_000);
    if (minute !== this.minute) {
      this.minute = minute;
      this.signalsThisMinute = 0;
    }
    if (this.signalsThisMinute >= this.options.maxSignalsPerMinute) {
      this.suppressedTotal += 1;
      return false;
    }
    this.signalsThisMinute += 1;
    return true;
  }

  private remember(id: string): void {
    if (this.current.size >= this.options.maxKnown / 2) {
      this.previous = this.current;
      this.current = new Set();
    }
    this.current.add(id);
  }
}
