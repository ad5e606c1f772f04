/**
 * The engine's housekeeping (engine.ts runs `tick` every `tickMs`): alert ticks (auto-resolve,
 * snooze expiry), lag sampling and lag alerts, notifications, the history's age bound, process and
 * disk figures, pattern and model events; and the engine's health, which it owns and re-evaluates
 * on every tick and right after a start or stop.
 */
import type { Health } from '../contract';
import type { LogSource } from '../ingest/source';
import { DiskUsageMonitor, evaluateHealth, STOPPED_REASON } from '../telemetry';
import type { EngineParts } from './engine-parts';
import type { RoleRuntime } from './roles';

const PATTERNS_IN_EVENTS = 200;

/** The engine's running state housekeeping reads (null: stopped; standalone). */
export interface RunningView {
  source(): LogSource | null;
  role(): RoleRuntime | null;
}

export class Housekeeping {
  private readonly disk: DiskUsageMonitor;
  private ticks = 0;
  private lastModelsJson = '';
  private current: Health = { status: 'stopped', reasons: [STOPPED_REASON] };

  constructor(
    private readonly parts: EngineParts,
    private readonly running: RunningView,
  ) {
    this.disk = new DiskUsageMonitor(parts.options.dataDir);
  }

  get health(): Health {
    return this.current;
  }

  /** The data folder's size at the last measure. */
  get diskBytes(): number {
    return this.disk.bytes;
  }

  tick(): void {
    const { options, alerts, detectors, metrics, batcher, commands } = this.parts;
    const now = this.parts.now();
    this.ticks++;
    alerts.tick(now);
    options.experiments?.tick();
    const sourceStatus = this.running.source()?.status() ?? null;
    let totalLag = 0;
    for (const p of sourceStatus?.lag ?? []) totalLag += p.lag;
    if (sourceStatus) {
      detectors.observeSource(sourceStatus.state === 'running', totalLag, now);
      for (const signal of detectors.observeLag(totalLag, now)) alerts.ingestSignal(signal, now);
    }
    const changed = commands.drainChanged(now);
    const incidents = commands.drainIncidents();
    if (incidents.length > 0) batcher.pushIncidents(incidents);
    if (changed.length > 0 || incidents.length > 0) {
      batcher.pushAlerts(changed);
      // Changes made here (lag alerts, auto-resolve, snooze expiry) belong to no batch of offsets,
      // so nothing waits on them; the history never rejects and reports its own failures.
      void alerts.recordBatch(now);
    }
    const notes = alerts.drainNotifications();
    if (notes.alerts.length > 0 || notes.suppressed > 0)
      batcher.pushNotifications(notes.alerts, notes.suppressed);

    // The age bound applies when no logs arrive as well (the writer also checks after its inserts).
    if (this.ticks % 60 === 0) void options.history?.enforce(now);
    options.history?.noteBacklog(totalLag); // catching up: the history's loads wait
    metrics.sampleProcess(now);
    void this.disk.refresh(now).catch(() => undefined);
    this.updateHealth(now, sourceStatus, totalLag);
    if (this.ticks % 2 === 0)
      batcher.pushPatterns(
        this.parts.patterns.top(PATTERNS_IN_EVENTS, now, (id) => this.parts.analyzer.miner.resolve(id)),
      );
    const models = options.models.status();
    const modelsJson = JSON.stringify(models);
    if (modelsJson !== this.lastModelsJson) {
      this.lastModelsJson = modelsJson;
      batcher.pushModels(models);
    }
  }

  /** Health from the current figures; also right after a start or stop, not only on the next tick. */
  updateHealth(now: number, sourceStatus = this.running.source()?.status() ?? null, totalLag = 0): void {
    const { options, alerts, detectors, metrics } = this.parts;
    if (sourceStatus && totalLag === 0) for (const p of sourceStatus.lag) totalLag += p.lag;
    const history = alerts.historyStatus();
    this.current = evaluateHealth(
      {
        source: sourceStatus,
        lagGrowing: detectors.lagGrowing(),
        consumerLag: totalLag,
        errorRate: metrics.errorRate(now),
        latencyP99Ms: metrics.latency.percentiles(now).p99,
        modelUnavailable: options.models.unavailableReason(),
        history: history ? { degraded: history.degraded, reason: history.reason } : null,
      },
      options.health,
    );
    const historyOff = options.history ? null : (options.historyOff ?? null);
    const historyReason = options.history?.reason(now) ?? (historyOff?.failed ? historyOff.reason : null);
    // An analyzer's fold member or alert view that cannot read the cluster's topics (issue 19).
    for (const reason of [historyReason, this.running.role()?.problem() ?? null]) {
      if (reason === null || this.current.status === 'stopped') continue;
      const status = this.current.status === 'healthy' ? 'degraded' : this.current.status;
      this.current = { status, reasons: [...this.current.reasons, reason] };
    }
  }
}
