/**
 * The detectors the engine runs, behind one object: `observe` per analyzed log (O(1), no
 * allocation unless something fires) and `observeLag` per periodic lag sample.
 *
 * Gaps (gaps.ts): the engine reports when it stops and starts (`engineStopped`, `engineStarting`)
 * and, each tick, whether its source runs and its lag (`observeSource`). Volume baselines skip the
 * gap and the catch-up after it; the lag-growth streak is dropped across a gap and no lag growth
 * is reported while one is open (a backlog after an outage is not the engine falling behind).
 */
import type { Analysis, LogRecord } from '../contract';
import { GapTracker, type GapOptions, type GapStats } from './gaps';
import { LagGrowthDetector, type LagGrowthOptions } from './lag-growth';
import { NewTemplateDetector, type NewTemplateOptions } from './new-template';
import { NumericSignals, type NumericSignalOptions, type NumericStats } from './numeric/numeric-detector';
import { RateSpikeDetector, type RateSpikeOptions } from './rate-spike';
import { NO_SIGNALS, type Signal } from './signal';

export interface DetectorOptions {
  newTemplate: Partial<NewTemplateOptions>;
  rateSpike: Partial<RateSpikeOptions>;
  lagGrowth: Partial<LagGrowthOptions>;
  /** When a stop, an outage or a catch-up counts as a gap for the baselines. */
  gaps: Partial<GapOptions>;
  /** Numeric signals: latency shifts, 5xx surges, resource ceilings, duration thresholds. */
  numeric: Partial<NumericSignalOptions>;
}

export interface DetectorStats {
  knownTemplates: number;
  newTemplatesReported: number;
  newTemplatesSuppressed: number;
  warmedUp: boolean;
  spikeKeys: number;
  spikeKeysEvicted: number;
  /** Logs older than their key's previous interval (not counted for volume). */
  spikeLateEvents: number;
  /** Logs older than the event-time window (a replay), counted at arrival and not judged. */
  spikeStaleEvents: number;
  /** Spikes not reported because their interval touched a gap or held replayed logs. */
  spikesSuppressedInGaps: number;
  gaps: GapStats;
  invalidLagSamples: number;
  lagGrowing: boolean;
  numeric: NumericStats;
}

export class Detectors {
  private readonly newTemplate: NewTemplateDetector;
  private readonly rateSpike: RateSpikeDetector;
  private readonly lagGrowth: LagGrowthDetector;
  private readonly numeric: NumericSignals;
  private readonly gaps: GapTracker;

  constructor(options: Partial<DetectorOptions> = {}) {
    this.gaps = new GapTracker(options.gaps);
    this.newTemplate = new NewTemplateDetector(options.newTemplate);
    this.rateSpike = new RateSpikeDetector(options.rateSpike, this.gaps);
    this.lagGrowth = new LagGrowthDetector(options.lagGrowth);
    this.numeric = new NumericSignals(options.numeric);
  }

  /** Signals raised by one analyzed log; usually the shared empty array. */
  observe(record: LogRecord, analysis: Analysis, now: number): readonly Signal[] {
    const fresh = this.newTemplate.observe(record, analysis, now);
    const rate = this.rateSpike.observeTemplate(record, analysis, now);
    const errors = this.rateSpike.observeServiceErrors(record, analysis, now);
    const numeric = this.numeric.observe(record, analysis, now);
    if (fresh === null && rate === null && errors === null) return numeric ?? NO_SIGNALS;
    const out: Signal[] = numeric ?? [];
    if (fresh !== null) out.push(fresh);
    if (rate !== null) out.push(rate);
    if (errors !== null) out.push(errors);
    return out;
  }

  /** The engine stopped its source: a gap opens (closed by `observeSource` after the restart). */
  engineStopped(now: number): void {
    this.gaps.stopped(now, 'engine stopped');
    this.lagGrowth.reset();
  }

  /** The engine starts a source: what it reads first may be a backlog, so a gap opens if none is. */
  engineStarting(now: number): void {
    this.gaps.stopped(now, 'engine starting');
    this.lagGrowth.reset();
  }

  /** One periodic look at the running source (state and total lag); may close the open gap. */
  observeSource(running: boolean, totalLag: number, now: number): void {
    if (this.gaps.observeSource(running, totalLag, now)) this.lagGrowth.reset();
  }

  /** True while a gap (stop, outage, catch-up) is open. */
  inGap(): boolean {
    return this.gaps.isOpen;
  }

  /** Feeds one total consumer-lag sample (the engine samples lag periodically); none in a gap. */
  observeLag(totalLag: number, now: number): readonly Signal[] {
    if (this.gaps.isOpen) return NO_SIGNALS;
    const signal = this.lagGrowth.observe(totalLag, now);
    return signal === null ? NO_SIGNALS : [signal];
  }

  lagGrowing(): boolean {
    return this.lagGrowth.growing();
  }

  /** Templates already known (e.g. restored pattern store), so they are not reported as new. */
  markKnownTemplates(templateIds: Iterable<string>): void {
    this.newTemplate.markKnown(templateIds);
  }

  stats(): DetectorStats {
    const t = this.newTemplate.stats();
    const r = this.rateSpike.stats();
    return {
      knownTemplates: t.known,
      newTemplatesReported: t.reported,
      newTemplatesSuppressed: t.suppressed,
      warmedUp: t.warmedUp,
      spikeKeys: r.templateKeys + r.serviceKeys,
      spikeKeysEvicted: r.evictedKeys,
      spikeLateEvents: r.lateEvents,
      spikeStaleEvents: r.staleEvents,
      spikesSuppressedInGaps: r.suppressedInGaps,
      gaps: this.gaps.stats(),
      invalidLagSamples: this.lagGrowth.invalidSamples,
      lagGrowing: this.lagGrowth.growing(),
      numeric: this.numeric.stats(),
    };
  }
}
