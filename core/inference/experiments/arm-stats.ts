/**
 * What one arm of an experiment did, in fixed memory: logs decided and their classes per head,
 * inference latency (one histogram sample per classify call) and throughput, failures, agreement
 * with the control on the messages both scored, alerts raised by level and verdicts.
 */
import { ALERT_LEVELS, type AlertLevel, type ArmReport, type ModelInfo } from '../../contract';
import { LatencyHistogram } from '../latency-histogram';
import type { Classification } from '../types';

const HEADS = ['severity', 'category'] as const;

function zeroLevels(): Record<AlertLevel, number> {
  return { critical: 0, high: 0, medium: 0, low: 0 };
}

export class ArmStats {
  logs = 0;
  /** Logs this arm decided whose severity it rated error. */
  errorLogs = 0;
  scored = 0;
  failures = 0;
  inferenceMs = 0;
  readonly latency = new LatencyHistogram();
  private readonly classes: Record<string, Record<string, number>> = { severity: {}, category: {} };
  compared = 0;
  private readonly agreements: Record<string, number> = { severity: 0, category: 0 };
  readonly alertsByLevel = zeroLevels();
  alerts = 0;
  useful = 0;
  noise = 0;

  constructor(
    readonly ref: string,
    readonly model: ModelInfo,
    readonly weight: number,
  ) {}

  /** One classify call of `count` messages that took `ms`. */
  recordRun(count: number, ms: number): void {
    this.scored += count;
    this.inferenceMs += ms;
    this.latency.record(ms);
  }

  /** One log this arm decided. */
  recordDecision(c: Classification): void {
    this.logs++;
    if (c.severity === 'error') this.errorLogs++;
    const sev = this.classes.severity as Record<string, number>;
    sev[c.severity] = (sev[c.severity] ?? 0) + 1;
    const cat = this.classes.category as Record<string, number>;
    cat[c.category] = (cat[c.category] ?? 0) + 1;
  }

  /** One message scored by both the control and this arm. */
  recordComparison(control: Classification, mine: Classification): void {
    this.compared++;
    for (const head of HEADS)
      if (control[head] === mine[head]) this.agreements[head] = (this.agreements[head] as number) + 1;
  }

  recordAlert(level: AlertLevel): void {
    this.alerts++;
    this.alertsByLevel[level]++;
  }

  /** A verdict given (+1) or withdrawn (−1, when an engineer changes their mind). */
  countVerdict(verdict: 'useful' | 'noise', delta: 1 | -1): void {
    if (verdict === 'useful') this.useful += delta;
    else this.noise += delta;
  }

  get verdicts(): number {
    return this.useful + this.noise;
  }

  get noiseRate(): number | null {
    return this.verdicts === 0 ? null : this.noise / this.verdicts;
  }

  /** Alerts raised per 1,000 logs decided (0 before any log). */
  per1000(count = this.alerts): number {
    return this.logs === 0 ? 0 : (count * 1000) / this.logs;
  }

  report(role: 'control' | 'candidate'): ArmReport {
    const per1000ByLevel = zeroLevels();
    for (const level of ALERT_LEVELS) per1000ByLevel[level] = this.per1000(this.alertsByLevel[level]);
    let agreement: Record<string, number> | null = null;
    if (role === 'candidate' && this.compared > 0) {
      agreement = {};
      for (const head of HEADS) agreement[head] = (this.agreements[head] as number) / this.compared;
    }
    return {
      ref: this.ref,
      model: this.model,
      role,
      weight: this.weight,
      logs: this.logs,
      scored: this.scored,
      latencyMs: this.latency.percentiles(),
      throughput: this.inferenceMs === 0 ? 0 : (this.scored * 1000) / this.inferenceMs,
      failures: this.failures,
      classes: {
        severity: { ...(this.classes.severity as Record<string, number>) },
        category: { ...(this.classes.category as Record<string, number>) },
      },
      agreement,
      compared: this.compared,
      alerts: {
        total: this.alerts,
        byLevel: { ...this.alertsByLevel },
        per1000: this.per1000(),
        per1000ByLevel,
      },
      verdicts: { useful: this.useful, noise: this.noise, noiseRate: this.noiseRate },
    };
  }
}
