/**
 * The detectors the engine runs, behind one object: `observe` per analyzed log (O(1), no
 * allocation unless something fires) and `observeLag` per periodic lag sample.
 */
import type { Analysis, LogRecord } from '../contract';
import { LagGrowthDetector, type LagGrowthOptions } from './lag-growth';
import { NewTemplateDetector, type NewTemplateOptions } from './new-template';
import { NumericSignals, type NumericSignalOptions, type NumericStats } from './numeric/numeric-detector';
import { RateSpikeDetector, type RateSpikeOptions } from './rate-spike';
import { NO_SIGNALS, type Signal } from './signal';

export interface DetectorOptions {
  newTemplate: Partial<NewTemplateOptions>;
  rateSpike: Partial<RateSpikeOptions>;
  lagGrowth: Partial<LagGrowthOptions>;
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
  invalidLagSamples: number;
  lagGrowing: boolean;
  numeric: NumericStats;
}

export class Detectors {
  private readonly newTemplate: NewTemplateDetector;
  private readonly rateSpike: RateSpikeDetector;
  private readonly lagGrowth: LagGrowthDetector;
  private readonly numeric: NumericSignals;

  constructor(options: Partial<DetectorOptions> = {}) {
    this.newTemplate = new NewTemplateDetector(options.newTemplate);
    this.rateSpike = new RateSpikeDetector(options.rateSpike);
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

  /** Feeds one total consumer-lag sample (the engine samples lag periodically). */
  observeLag(totalLag: number, now: number): readonly Signal[] {
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
      invalidLagSamples: this.lagGrowth.invalidSamples,
      lagGrowing: this.lagGrowth.growing(),
      numeric: this.numeric.stats(),
    };
  }
}
