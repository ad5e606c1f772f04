/**
 * Watches the engine's own AlertManager (the one `Engine.open` built, with whatever rules it was
 * given): every alert occurrence is recorded with the origin of the log (or signal) that caused it.
 * Nothing about the decision changes: each call goes to the real method first and its answer is
 * only read.
 */
import type { Analysis, LogRecord } from '../../../core/contract';
import { AlertManager } from '../../../core/alerts';
import type { Signal } from '../../../core/detect/signal';
import { CALM, originOfSignal, type InstanceWindow, type Occurrence } from './attribution';

export class AlertRecorder {
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
  ) {}

  /** Wraps `manager`'s ingest, batch and tick methods in place. */
  attach(manager: AlertManager): void {
    const ingestLog = manager.ingestLog.bind(manager);
    const ingestSignal = manager.ingestSignal.bind(manager);
    const recordBatch = manager.recordBatch.bind(manager);
    const tick = manager.tick.bind(manager);
    manager.ingestLog = (record: LogRecord, analysis: Analysis, now: number) => {
      const origin = this.originOf(record.offset);
      this.logOrigin = origin;
      if (origin !== CALM) {
        const w = this.windows[origin]!;
        w.templateIds.add(analysis.templateId);
        if (record.service !== null) w.services.add(record.service);
      }
      const alert = ingestLog(record, analysis, now);
      if (alert !== null) this.note(manager, alert, now, origin);
      return alert;
    };
    manager.ingestSignal = (signal: Signal, now: number, source: LogRecord | null = null) => {
      const alert = ingestSignal(signal, now, source);
      if (alert !== null)
        this.note(manager, alert, now, originOfSignal(signal, this.logOrigin, now, this.windows));
      return alert;
    };
    manager.recordBatch = (now: number) => {
      this.logOrigin = null;
      return recordBatch(now);
    };
    manager.tick = (now: number) => {
      this.logOrigin = null;
      tick(now);
    };
  }

  private note(
    manager: AlertManager,
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
      change: manager.store.lastChange,
      origin,
    });
  }
}

/** The engine's alert manager (a private field): a clear error if the engine no longer has one there. */
export function alertManagerOf(engine: unknown): AlertManager {
  const manager = (engine as { alerts?: unknown }).alerts;
  if (!(manager instanceof AlertManager))
    throw new Error(
      'Engine.alerts is not an AlertManager: the evaluation records what the engine’s manager raises',
    );
  return manager;
}
