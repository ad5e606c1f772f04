/**
 * One experiment's state: its arms' figures, the split, the promotion and its watch, and the
 * decision log (every start, promotion, confirmation, rollback and stop, with its figures). Pure:
 * the clock is passed in, classifiers live in runner.ts.
 *
 * States: running (the split decides) → promoted (one arm decides every log, watched for
 * `watchMs` and rolled back automatically if it breaks its bounds) → completed (the watch passed;
 * the promoted arm keeps deciding). rolled-back and stopped end the experiment: the engine's
 * active model decides again.
 */
import type { AutoPromotion, Experiment, ExperimentDecision, ModelInfo } from '../../contract';
import { LatencyHistogram } from '../latency-histogram';
import { ArmStats } from './arm-stats';
import { evaluatePromotion, evaluateRollback, watchBounds, type Figures, type WatchBounds } from './guards';
import { Splitter, type SplitBy } from './split';

export interface ExperimentSpec {
  name: string;
  arms: Array<{ ref: string; model: ModelInfo }>;
  split: { by: SplitBy; weights: number[] };
  shadow: boolean;
  auto: AutoPromotion;
}

const MAX_DECISIONS = 200;

export class ExperimentState {
  state: Experiment['state'] = 'running';
  readonly arms: ArmStats[];
  readonly splitter: Splitter;
  promoted: number | null = null;
  private promotedAt: number | null = null;
  private watchUntil: number | null = null;
  private bounds: WatchBounds | null = null;
  private watch = { logs: 0, errorLogs: 0, failures: 0, latency: new LatencyHistogram() };
  private readonly decisions: ExperimentDecision[] = [];
  private lastEvaluation: Experiment['lastEvaluation'] = null;

  constructor(
    readonly id: string,
    readonly spec: ExperimentSpec,
    readonly createdAt: number,
    who: string,
  ) {
    this.arms = spec.arms.map((a, i) => new ArmStats(a.ref, a.model, spec.split.weights[i] as number));
    // Salted with the name: the same experiment run again splits the same keys the same way.
    this.splitter = new Splitter(spec.split.by, spec.split.weights, spec.name);
    this.log(createdAt, 'start', 'manual', who, null, `arms ${spec.arms.map((a) => a.ref).join(', ')}`, {
      split: spec.split.by,
      weights: spec.split.weights.join('/'),
      shadow: spec.shadow,
      autoPromotion: spec.auto.enabled,
    });
  }

  /** Whether this experiment decides logs (the engine's active model does otherwise). */
  get deciding(): boolean {
    return this.state === 'running' || this.state === 'promoted' || this.state === 'completed';
  }

  armIndex(ref: string): number {
    return this.arms.findIndex((a) => a.ref === ref);
  }

  /** The promoted arm, during its watch: its figures feed the rollback bounds. */
  recordWatch(logs: number, errorLogs: number, ms: number | null, failed: boolean): void {
    if (this.state !== 'promoted') return;
    this.watch.logs += logs;
    this.watch.errorLogs += errorLogs;
    if (failed) this.watch.failures++;
    if (ms !== null) this.watch.latency.record(ms);
  }

  /** Automatic decisions, about once a second: promotion while running, rollback or confirmation while watched. */
  evaluate(now: number): void {
    const auto = this.spec.auto;
    if (this.state === 'running' && auto.enabled) {
      const [control, ...candidates] = this.arms as [ArmStats, ...ArmStats[]];
      const result = evaluatePromotion(control, candidates, auto);
      this.lastEvaluation = {
        at: now,
        outcome: result.promote === null ? 'hold' : `promote ${result.promote}`,
        reasons: result.reasons,
      };
      if (result.promote !== null)
        this.promote(result.promote, now, 'auto', 'vigil', 'every guard holds', result.figures);
    } else if (this.state === 'promoted' && this.bounds !== null) {
      const verdict = evaluateRollback(
        {
          logs: this.watch.logs,
          errorLogs: this.watch.errorLogs,
          latencyP99Ms: this.watch.latency.quantile(0.99),
        },
        this.bounds,
        auto.minWatchLogs,
      );
      this.lastEvaluation = {
        at: now,
        outcome: verdict.rollback ? 'rollback' : 'watch',
        reasons: [verdict.reason],
      };
      if (verdict.rollback) this.rollback(now, 'auto', 'vigil', verdict.reason, verdict.figures);
      else if (now >= (this.watchUntil as number) && this.watch.logs >= auto.minWatchLogs) {
        this.state = 'completed';
        this.log(
          now,
          'confirm',
          'auto',
          'vigil',
          this.arms[this.promoted as number]!.ref,
          'watch passed within bounds',
          verdict.figures,
        );
      }
    }
  }

  /** Makes one arm decide every log; throws when the state or the arm forbids it. */
  promote(
    ref: string | undefined,
    now: number,
    by: 'auto' | 'manual',
    who: string,
    reason: string,
    figures: Figures = {},
  ): void {
    if (this.state !== 'running')
      throw new Error(`experiment ${this.id} is ${this.state}: only a running experiment can promote`);
    const index = ref === undefined ? 1 : this.armIndex(ref);
    if (index < 0) throw new Error(`experiment ${this.id} has no arm ${JSON.stringify(ref)}`);
    const control = this.arms[0] as ArmStats;
    this.bounds = watchBounds(control, this.spec.auto);
    this.promoted = index;
    this.promotedAt = now;
    this.watchUntil = now + this.spec.auto.watchMs;
    this.watch = { logs: 0, errorLogs: 0, failures: 0, latency: new LatencyHistogram() };
    this.state = 'promoted';
    const arm = this.arms[index] as ArmStats;
    this.log(now, 'promote', by, who, arm.ref, reason, {
      ...figures,
      noiseRate: arm.noiseRate === null ? null : Number(arm.noiseRate.toFixed(4)),
      verdicts: arm.verdicts,
      watchMs: this.spec.auto.watchMs,
      maxErrorRate: Number(this.bounds.maxErrorRate.toFixed(4)),
      maxLatencyP99Ms: Number(this.bounds.maxLatencyP99Ms.toFixed(3)),
    });
  }

  rollback(now: number, by: 'auto' | 'manual', who: string, reason: string, figures: Figures = {}): void {
    if (this.promoted === null || (this.state !== 'promoted' && this.state !== 'completed'))
      throw new Error(`experiment ${this.id} is ${this.state}: there is no promotion to roll back`);
    const arm = this.arms[this.promoted] as ArmStats;
    this.state = 'rolled-back';
    this.log(now, 'rollback', by, who, arm.ref, reason, {
      ...figures,
      watchLogs: this.watch.logs,
      watchFailures: this.watch.failures,
    });
  }

  stop(now: number, who: string, reason = 'stopped by hand'): void {
    if (!this.deciding) throw new Error(`experiment ${this.id} is already ${this.state}`);
    this.state = 'stopped';
    this.log(now, 'stop', 'manual', who, null, reason, {});
  }

  report(): Experiment {
    return {
      id: this.id,
      name: this.spec.name,
      state: this.state,
      createdAt: this.createdAt,
      split: { by: this.spec.split.by, weights: [...this.spec.split.weights] },
      shadow: this.spec.shadow,
      auto: { ...this.spec.auto },
      arms: this.arms.map((a, i) => a.report(i === 0 ? 'control' : 'candidate')),
      promoted: this.promoted === null ? null : (this.arms[this.promoted] as ArmStats).ref,
      promotedAt: this.promotedAt,
      watchUntil: this.watchUntil,
      watch:
        this.promoted === null
          ? null
          : {
              logs: this.watch.logs,
              errorRate: this.watch.logs === 0 ? 0 : this.watch.errorLogs / this.watch.logs,
              latencyP99Ms: this.watch.latency.quantile(0.99),
              failures: this.watch.failures,
            },
      lastEvaluation: this.lastEvaluation,
      decisions: this.decisions.map((d) => ({ ...d, figures: { ...d.figures } })),
    };
  }

  private log(
    at: number,
    action: ExperimentDecision['action'],
    by: 'auto' | 'manual',
    who: string,
    arm: string | null,
    reason: string,
    figures: Figures,
  ): void {
    if (this.decisions.length >= MAX_DECISIONS) this.decisions.splice(1, 1); // keep the start entry
    this.decisions.push({ at, action, by, who, arm, reason, figures });
  }
}
