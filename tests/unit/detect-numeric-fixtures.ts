/**
 * A stream of real-format log lines for the numeric-signal tests: each line is mined by the real
 * miner and fed to `NumericSignals` at a given time, and the signals are collected.
 */
import type { FieldValue } from '../../core/contract';
import { NumericSignals, type NumericSignalOptions } from '../../core/detect/numeric/numeric-detector';
import type { Signal } from '../../core/detect/signal';
import { TemplateMiner } from '../../core/patterns/miner';
import { analysis, record } from './detect-fixtures';

export const MINUTE = 60_000;

/** Deterministic pseudo-random numbers (LCG) in (0, 1). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
}

/** A log-normal draw around `median` (the usual shape of latencies). */
export function logNormal(random: () => number, median: number, sigma: number): number {
  const z = Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random());
  return median * Math.exp(sigma * z);
}

export class Feed {
  readonly detector: NumericSignals;
  readonly signals: Signal[] = [];
  private readonly miner = new TemplateMiner({ maxTemplates: 1000 });

  constructor(options: Partial<NumericSignalOptions> = {}) {
    this.detector = new NumericSignals(options);
  }

  /** Feeds one line at `now` (event time = now unless given); returns the signals it raised. */
  line(
    message: string,
    now: number,
    opts: { service?: string; fields?: Record<string, FieldValue>; time?: number } = {},
  ): Signal[] {
    const mined = this.miner.add(message, now);
    const r = record({
      message,
      time: opts.time ?? now,
      service: opts.service ?? 'web',
      fields: opts.fields ?? {},
    });
    const a = analysis({ templateId: mined.templateId, template: mined.template, params: mined.params });
    const out = this.detector.observe(r, a, now) ?? [];
    this.signals.push(...out);
    return out;
  }

  /** Feeds `perMinute` lines spread evenly over minute `m`, built by `make(i)`. */
  minute(
    m: number,
    perMinute: number,
    make: (i: number) => string,
    opts: { service?: string } = {},
  ): Signal[] {
    const out: Signal[] = [];
    for (let i = 0; i < perMinute; i++) {
      out.push(...this.line(make(i), m * MINUTE + Math.floor(((i + 0.5) / perMinute) * MINUTE), opts));
    }
    return out;
  }

  of(kind: Signal['kind']): Signal[] {
    return this.signals.filter((s) => s.kind === kind);
  }
}

/** nginx `combined` plus `rt=$request_time` (seconds), as in nginx's log_format documentation. */
export function nginxLine(i: number, status: number, seconds: number): string {
  return (
    `10.0.${i % 7}.${i % 250} - - [04/Dec/2026:10:00:00 +0000] "GET /api/items/${i} HTTP/1.1" ${status} ${400 + (i % 90)} ` +
    `"-" "curl/8.5.0" rt=${seconds.toFixed(3)}`
  );
}
