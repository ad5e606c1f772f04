/**
 * The demo log source: replays the bundled Loghub lines (demo-corpus.ts) at a configured rate,
 * with scripted incidents (demo-incidents.ts), so the app has live data without Kafka.
 *
 * Rate control is by count, not by timer ticks: at any moment the number of messages due is
 * `elapsed × rate`, minus what was already delivered. Batches (≤ `batchSize`) go out when a full
 * batch is due or `minBatchIntervalMs` has passed, which keeps both 1 log/s and 100,000 logs/s
 * accurate. The handler is awaited (backpressure); if it falls behind by more than
 * `maxCatchUpMs` worth of messages, the excess is skipped (counted) rather than queued.
 */
import type { DemoConfig } from '../contract';
import type { BatchHandler, LogSource, RawMessage, SourceState, SourceStatus } from './source';
import { loadDemoCorpus, type DemoCorpus, type DemoLine } from './demo-corpus';
import { realScheduler, type DemoScheduler } from './demo-clock';
import { IncidentSchedule, type IncidentScheduleOptions, type IncidentWindow } from './demo-incidents';
import { seededRandom, type Random } from './demo-random';
import type { IncidentKind } from './demo-systems';

export interface DemoSourceOptions {
  seed?: number;
  /** Most messages per batch. Default 500. */
  batchSize?: number;
  /** A partial batch waits at least this long after the previous one. Default 20 ms. */
  minBatchIntervalMs?: number;
  /** How far behind the handler may fall before messages are skipped. Default 1000 ms. */
  maxCatchUpMs?: number;
  /** Kafka-like partitions per topic; a service always maps to the same one. Default 3. */
  partitionsPerTopic?: number;
  scheduler?: DemoScheduler;
  /** Injected corpus (tests); otherwise loaded from demo-data/ on start. */
  corpus?: DemoCorpus;
  dataDir?: string;
  incidents?: IncidentScheduleOptions;
}

export interface DemoStats {
  delivered: number;
  batches: number;
  /** Messages not generated because the handler fell too far behind. */
  skipped: number;
  incidentLines: number;
}

const DEFAULT_SEED = 0x5eed;
const MAX_SLEEP_MS = 1000;

function hashString(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export class DemoSource implements LogSource {
  readonly kind = 'demo' as const;
  private readonly rate: number;
  private readonly incidentsEnabled: boolean;
  private readonly batchSize: number;
  private readonly minBatchIntervalMs: number;
  private readonly maxCatchUpMs: number;
  private readonly partitionsPerTopic: number;
  private readonly scheduler: DemoScheduler;
  private readonly seed: number;

  private state: SourceState = 'stopped';
  private reason: string | null = null;
  private abort = new AbortController();
  private loop: Promise<void> | null = null;
  private corpus: DemoCorpus | null;
  private random: Random;
  private schedule: IncidentSchedule;
  /** Next line index per system (lines replay in their original order) and per incident. */
  private systemCursor: number[] = [];
  private incidentCursor = new Map<IncidentKind, number>();
  /** Next offset per `topic:partition`: bounded by topics × partitions. */
  private readonly offsets = new Map<string, number>();
  /** Partition and key per service: bounded by the services in the corpus. */
  private readonly routes = new Map<string, { partition: number; key: Buffer }>();
  private readonly statsCounters: DemoStats = { delivered: 0, batches: 0, skipped: 0, incidentLines: 0 };

  constructor(
    config: DemoConfig,
    private readonly options: DemoSourceOptions = {},
  ) {
    if (!(config.rate > 0) || !Number.isFinite(config.rate))
      throw new RangeError('demo rate must be a positive number');
    this.rate = config.rate;
    this.incidentsEnabled = config.incidents;
    this.batchSize = Math.max(1, Math.floor(options.batchSize ?? 500));
    this.minBatchIntervalMs = options.minBatchIntervalMs ?? 20;
    this.maxCatchUpMs = options.maxCatchUpMs ?? 1000;
    this.partitionsPerTopic = Math.max(1, Math.floor(options.partitionsPerTopic ?? 3));
    this.scheduler = options.scheduler ?? realScheduler;
    this.seed = options.seed ?? DEFAULT_SEED;
    this.corpus = options.corpus ?? null;
    this.random = seededRandom(this.seed);
    this.schedule = new IncidentSchedule(seededRandom(this.seed ^ 0x9e3779b9), options.incidents);
  }

  /** Resolves once replay has begun; rejects (state `failed`) when the demo data cannot be loaded. */
  start(handler: BatchHandler): Promise<void> {
    if (this.loop !== null) return Promise.reject(new Error('demo source is already running'));
    this.state = 'connecting';
    this.reason = null;
    try {
      this.corpus ??= loadDemoCorpus(this.options.dataDir);
    } catch (error) {
      this.state = 'failed';
      this.reason = error instanceof Error ? error.message : String(error);
      return Promise.reject(new Error(`demo source cannot start: ${this.reason}`));
    }
    this.abort = new AbortController();
    // Each run replays the same seeded sequence from the top; offsets keep growing across runs.
    this.random = seededRandom(this.seed);
    this.schedule = new IncidentSchedule(seededRandom(this.seed ^ 0x9e3779b9), this.options.incidents);
    this.systemCursor = this.corpus.bySystem.map(() => 0);
    this.incidentCursor.clear();
    this.state = 'running';
    this.loop = this.run(this.corpus, handler);
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    const loop = this.loop;
    if (loop !== null) await loop;
    this.loop = null;
    if (this.state !== 'failed') {
      this.state = 'stopped';
      this.reason = null;
    }
  }

  status(): SourceStatus {
    return { state: this.state, reason: this.reason, lag: [] };
  }

  stats(): DemoStats {
    return { ...this.statsCounters };
  }

  /** Incidents that have started so far (bounded history), oldest first. */
  incidents(): readonly IncidentWindow[] {
    return this.schedule.started();
  }

  private async run(corpus: DemoCorpus, handler: BatchHandler): Promise<void> {
    const signal = this.abort.signal;
    const startedAt = this.scheduler.now();
    const maxBacklog = Math.max(this.batchSize, Math.ceil((this.rate * this.maxCatchUpMs) / 1000));
    let accounted = 0; // delivered + skipped
    let lastBatchAt = -Infinity;
    while (!signal.aborted) {
      const now = this.scheduler.now();
      const target = Math.floor(((now - startedAt) * this.rate) / 1000);
      if (target - accounted > maxBacklog) {
        this.statsCounters.skipped += target - accounted - maxBacklog;
        accounted = target - maxBacklog;
      }
      const due = target - accounted;
      if (due <= 0 || (due < this.batchSize && now - lastBatchAt < this.minBatchIntervalMs)) {
        const untilNextDue = ((accounted + 1) * 1000) / this.rate + startedAt - now;
        const untilBatchWindow = lastBatchAt + this.minBatchIntervalMs - now;
        const wait = due <= 0 ? Math.max(untilNextDue, untilBatchWindow) : untilBatchWindow;
        await this.scheduler.sleep(Math.min(MAX_SLEEP_MS, Math.max(1, Math.ceil(wait))), signal);
        continue;
      }
      const count = Math.min(due, this.batchSize);
      const batch = this.generate(corpus, count, now, now - startedAt);
      lastBatchAt = now;
      try {
        await handler(batch);
      } catch (error) {
        // The engine's handler must not throw; if it does, stop with a clear reason instead of
        // replaying into a broken pipeline.
        this.state = 'failed';
        this.reason = `batch handler failed: ${error instanceof Error ? error.message : String(error)}`;
        return;
      }
      accounted += count;
      this.statsCounters.delivered += count;
      this.statsCounters.batches++;
      await this.scheduler.yield();
    }
  }

  private generate(corpus: DemoCorpus, count: number, now: number, elapsedMs: number): RawMessage[] {
    const incident = this.incidentsEnabled ? this.schedule.activeAt(elapsedMs) : null;
    const share = this.schedule.share;
    const batch: RawMessage[] = new Array<RawMessage>(count);
    for (let i = 0; i < count; i++) {
      const fromIncident = incident !== null && this.random.next() < share;
      const line = fromIncident
        ? this.nextIncidentLine(corpus, incident.kind)
        : this.nextBaselineLine(corpus);
      if (fromIncident) this.statsCounters.incidentLines++;
      batch[i] = this.message(line, now);
    }
    return batch;
  }

  private nextBaselineLine(corpus: DemoCorpus): DemoLine {
    const s = this.random.int(corpus.bySystem.length);
    const { lines } = corpus.bySystem[s]!;
    const cursor = this.systemCursor[s]!;
    this.systemCursor[s] = (cursor + 1) % lines.length;
    return lines[cursor]!;
  }

  private nextIncidentLine(corpus: DemoCorpus, kind: IncidentKind): DemoLine {
    const lines = corpus.incidents[kind];
    const cursor = this.incidentCursor.get(kind) ?? this.random.int(lines.length);
    this.incidentCursor.set(kind, (cursor + 1) % lines.length);
    return lines[cursor]!;
  }

  private route(service: string): { partition: number; key: Buffer } {
    let route = this.routes.get(service);
    if (route === undefined) {
      route = { partition: hashString(service) % this.partitionsPerTopic, key: Buffer.from(service) };
      this.routes.set(service, route);
    }
    return route;
  }

  private message(line: DemoLine, now: number): RawMessage {
    const { partition, key } = this.route(line.service);
    const slot = `${line.topic}:${partition}`;
    const offset = this.offsets.get(slot) ?? 0;
    this.offsets.set(slot, offset + 1);
    return {
      topic: line.topic,
      partition,
      offset: String(offset),
      timestamp: now,
      key,
      value: Buffer.from(line.render(now)),
    };
  }
}
