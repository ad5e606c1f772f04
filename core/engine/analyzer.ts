/**
 * Analysis of parsed records: template mining, then classification of the masked text in one
 * batched model run. Classifications are cached by masked text (bounded; oldest dropped first) and
 * by model generation: the same masked text always gets the same answer from the same model, and
 * real log streams repeat a few thousand masked forms millions of times, so most logs never reach
 * the model. (A shadow candidate therefore compares on distinct masked messages, not per log.)
 */
import type { Analysis, LogRecord, Severity } from '../contract';
import type { ExperimentRunner } from '../inference/experiments/runner';
import type { Classification } from '../inference/types';
import { analysisText } from '../parse/exception';
import { TemplateMiner } from '../patterns/miner';
import type { ModelPort } from './model-port';

export interface AnalyzerOptions {
  maxTemplates?: number;
  /** Masked texts whose classification is remembered. */
  cacheSize?: number;
  now?: () => number;
  /** A/B model testing: while an experiment decides, its arms classify instead of the active model. */
  experiments?: ExperimentRunner | null;
}

/** The producer's own level wins over the model: it knows best how bad its log is. */
function severityFromLevel(level: LogRecord['level']): Severity | null {
  switch (level) {
    case 'fatal':
    case 'error':
      return 'error';
    case 'warn':
      return 'warning';
    case 'info':
    case 'debug':
    case 'trace':
      return 'info';
    default:
      return null;
  }
}

export class Analyzer {
  readonly miner: TemplateMiner;
  private readonly cache = new Map<string, Classification>();
  private readonly cacheSize: number;
  private readonly clock: () => number;
  private readonly experiments: ExperimentRunner | null;
  private cachedGeneration = -1;
  private cachedBy: 'model' | 'rules' = 'rules';
  cacheHits = 0;
  cacheMisses = 0;

  constructor(
    private readonly models: ModelPort,
    options: AnalyzerOptions = {},
  ) {
    this.miner = new TemplateMiner({ maxTemplates: options.maxTemplates ?? 10_000 });
    this.cacheSize = options.cacheSize ?? 50_000;
    this.clock = options.now ?? Date.now;
    this.experiments = options.experiments ?? null;
  }

  /** Forgets cached classifications, e.g. after the active model changed. */
  invalidate(): void {
    this.cache.clear();
  }

  /**
   * `streamed` false (an ad-hoc `analyze` request): classified by the active model even while an
   * experiment runs, so that requests neither skew nor come from the experiment's arms.
   */
  async analyze(records: readonly LogRecord[], streamed = true): Promise<Analysis[]> {
    const generation = this.models.generation();
    if (generation !== this.cachedGeneration) {
      // The active model changed: earlier answers may not be this model's answers.
      this.cache.clear();
      this.cachedGeneration = generation;
    }
    const n = records.length;
    const masked = new Array<string>(n);
    const mined = new Array<{ templateId: string; template: string; params: string[] }>(n);
    const classes = new Array<Classification | undefined>(n);
    const missIndex: number[] = [];
    const missText: string[] = [];
    const pending = new Map<string, number>(); // masked text → index in missText (dedup within a batch)
    const at = this.clock(); // one batch, one moment: the templates' last-seen times
    const experiment = streamed && this.experiments?.deciding === true ? this.experiments : null;
    for (let i = 0; i < n; i++) {
      // The exception a log carries is part of what is mined and classified (parse/exception.ts).
      const m = this.miner.add(analysisText(records[i]!), at);
      mined[i] = m;
      const text = m.masked; // the miner's masking is the models' preprocessing: one pass per log
      masked[i] = text;
      if (experiment !== null) continue; // the experiment's arms classify below
      const hit = this.cache.get(text);
      if (hit !== undefined) {
        classes[i] = hit;
        this.cacheHits++;
      } else {
        if (!pending.has(text)) {
          pending.set(text, missText.length);
          missText.push(text);
        }
        missIndex.push(i);
      }
    }

    let by = this.cachedBy;
    let arms: string[] | null = null;
    if (experiment !== null) {
      const keys = records.map((r, i) => experiment.keyOf(r, mined[i]!.templateId));
      const out = await experiment.classify(masked, keys);
      for (let i = 0; i < n; i++) classes[i] = out.classes[i];
      arms = out.arms;
      by = 'model';
    } else if (missText.length > 0) {
      this.cacheMisses += missText.length;
      const out = await this.models.classify(missText);
      by = out.by;
      this.cachedBy = by;
      // Cache only answers of the generation the cache belongs to (a swap may land mid-call).
      if (out.generation === this.cachedGeneration) {
        for (let j = 0; j < missText.length; j++) this.remember(missText[j]!, out.results[j]!);
      }
      for (const i of missIndex) classes[i] = out.results[pending.get(masked[i]!)!]!;
    }

    const analyses = new Array<Analysis>(n);
    for (let i = 0; i < n; i++) {
      const c = classes[i]!;
      const m = mined[i]!;
      analyses[i] = {
        templateId: m.templateId,
        template: m.template,
        params: m.params,
        severity: severityFromLevel(records[i]!.level) ?? c.severity,
        category: c.category,
        scores: c.scores,
        classifiedBy: by,
      };
      if (arms !== null) analyses[i]!.arm = arms[i]!;
    }
    return analyses;
  }

  private remember(text: string, classification: Classification): void {
    if (this.cache.size >= this.cacheSize) {
      // Drop the oldest eighth at once: cheaper than one eviction per insert at full rate.
      let drop = this.cacheSize >> 3;
      for (const key of this.cache.keys()) {
        this.cache.delete(key);
        if (--drop <= 0) break;
      }
    }
    this.cache.set(text, classification);
  }
}
