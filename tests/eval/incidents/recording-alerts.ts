/**
 * The engine's own AlertManager, watched: every alert occurrence is recorded with the origin of the
 * log (or signal) that caused it. Nothing about the decision changes: each call goes to the real
 * manager first and its answer is only read.
 */
import type { Analysis, LogRecord } from '../../../core/contract';
import { AlertManager } from '../../../core/alerts';
import type { Signal } from '../../../core/detect/signal';
import { CALM, originOfSignal, type InstanceWindow, type Occurrence } from './attribution';

export class RecordingAlertManager extends AlertManager {
  readonly occurrences: Occurrence[] = [];
  /** Origin of the log being processed (signals that follow it are its own), null outside a log. */
  private logOrigin: number | null = null;

  /**
   * @param originOf the instance index of a delivered offset, CALM for calm traffic
   * @param windows the instances' windows, filled in as their lines are seen
   */
  constructor(
    private readonly originOf: (offset: string) => number,
    readonly windows: InstanceWindow[],
  ) {
    super({}, null);
  }

  override ingestLog(record: LogRecord, analysis: Analysis, now: number) {
    const origin = this.originOf(record.offset);
    this.logOrigin = origin;
    if (origin !== CALM) {
      const w = this.windows[origin]!;
      w.templateIds.add(analysis.templateId);
      if (record.service !== null) w.services.add(record.service);
    }
    const alert = super.ingestLog(record, analysis, now);
    if (alert !== null) this.note(alert, now, origin);
    return alert;
  }

  override ingestSignal(signal: Signal, now: number) {
    const alert = super.ingestSignal(signal, now);
    if (alert !== null) this.note(alert, now, originOfSignal(signal, this.logOrigin, now, this.windows));
    return alert;
  }

  override recordBatch(now: number) {
    this.logOrigin = null;
    return super.recordBatch(now);
  }

  override tick(now: number): void {
    this.logOrigin = null;
    super.tick(now);
  }

  private note(
    alert: { id: string; level: Occurrence['level']; trigger: Occurrence['trigger']; title: string },
    at: number,
    origin: number,
  ): void {
    this.occurrences.push({
      at,
      alertId: alert.id,
      level: alert.level,
      trigger: alert.trigger,
      title: alert.title,
      change: this.store.lastChange,
      origin,
    });
  }
}
