/**
 * Per-template counters for the Patterns view: total count, first/last seen, a short trend of
 * counts per interval and a "new" flag. Bounded: at most `maxTemplates` entries, the least
 * recently seen evicted first (a Map keeps insertion order; re-inserting on use makes it an LRU,
 * approximately: see `touchSlack`).
 */
import { LOG_LEVELS, type LogLevel, type PatternDetail } from '../contract';

/** Index of a level in the per-entry level counts; the last slot counts logs without a level. */
const LEVEL_INDEX = new Map<LogLevel | null, number>(LOG_LEVELS.map((l, i) => [l, i]));
const NO_LEVEL = LOG_LEVELS.length;
/** Distinct services kept per template (later ones are not counted: bounded memory). */
const MAX_SERVICES = 10;

interface Entry {
  templateId: string;
  template: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** Ring of counts per interval; `trendHead` is the current interval. */
  trend: Uint32Array;
  trendEpoch: number;
  /** `observations` when the entry was last moved to the recently-seen end. */
  touchedAt: number;
  /** Counts per level (LOG_LEVELS order, then no level). */
  levels: Uint32Array;
  /** Count per service, at most MAX_SERVICES services. */
  services: Map<string, number>;
}

export interface PatternStatsOptions {
  maxTemplates?: number;
  intervalMs?: number;
  trendLength?: number;
  /** A template is "new" for this long after it was first seen. */
  newForMs?: number;
}

export class PatternStats {
  private readonly entries = new Map<string, Entry>();
  private readonly max: number;
  private readonly intervalMs: number;
  private readonly trendLength: number;
  private readonly newForMs: number;
  private observations = 0;
  /**
   * An entry is moved to the recently-seen end at most once per this many observations: moving
   * costs a Map delete and insert per log, and an entry seen that recently is nowhere near eviction.
   */
  private readonly touchSlack: number;

  constructor(options: PatternStatsOptions = {}) {
    // As many as the miner keeps (core/patterns/miner.ts), so that every template can be reached.
    this.max = options.maxTemplates ?? 10_000;
    this.intervalMs = options.intervalMs ?? 10_000;
    this.trendLength = options.trendLength ?? 30;
    this.newForMs = options.newForMs ?? 5 * 60_000;
    this.touchSlack = Math.floor(this.max / 8);
  }

  get size(): number {
    return this.entries.size;
  }

  observe(
    templateId: string,
    template: string,
    now: number,
    level: LogLevel | null = null,
    service: string | null = null,
  ): void {
    const epoch = Math.floor(now / this.intervalMs);
    const at = ++this.observations;
    let entry = this.entries.get(templateId);
    if (entry) {
      entry.template = template;
      if (at - entry.touchedAt > this.touchSlack) {
        // Re-inserting makes it the most recently seen in the Map's order.
        this.entries.delete(templateId);
        this.entries.set(templateId, entry);
        entry.touchedAt = at;
      }
    } else {
      entry = {
        templateId,
        template,
        count: 0,
        firstSeen: now,
        lastSeen: now,
        trend: new Uint32Array(this.trendLength),
        trendEpoch: epoch,
        touchedAt: at,
        levels: new Uint32Array(NO_LEVEL + 1),
        services: new Map(),
      };
      if (this.entries.size >= this.max) {
        const oldest = this.entries.keys().next();
        if (!oldest.done) this.entries.delete(oldest.value);
      }
      this.entries.set(templateId, entry);
    }
    this.advance(entry, epoch);
    entry.trend[this.slot(epoch)]! += 1;
    entry.count += 1;
    entry.lastSeen = now;
    entry.levels[LEVEL_INDEX.get(level) ?? NO_LEVEL]! += 1;
    if (service !== null) {
      const seen = entry.services.get(service);
      if (seen !== undefined) entry.services.set(service, seen + 1);
      else if (entry.services.size < MAX_SERVICES) entry.services.set(service, 1);
    }
  }

  /**
   * The `limit` templates seen most often, with trends aligned to `now`. `resolve` maps the id of a
   * template the miner has since merged into another to the survivor, so both are shown as one.
   */
  top(limit: number, now: number, resolve: (id: string) => string = (id) => id): PatternDetail[] {
    return this.all(now, resolve)
      .sort((a, b) => b.count - a.count)
      .slice(0, limit);
  }

  /** Every template (merged ones folded into their survivor), unsorted, with level mix and services. */
  all(now: number, resolve: (id: string) => string = (id) => id): PatternDetail[] {
    const epoch = Math.floor(now / this.intervalMs);
    const merged = new Map<string, PatternDetail & { levels: Record<string, number> }>();
    const serviceCounts = new Map<string, Map<string, number>>();
    for (const e of this.entries.values()) {
      this.advance(e, epoch);
      const trend: number[] = [];
      for (let i = this.trendLength - 1; i >= 0; i--) trend.push(e.trend[this.slot(epoch - i)]!);
      const id = resolve(e.templateId);
      const services = serviceCounts.get(id) ?? new Map<string, number>();
      serviceCounts.set(id, services);
      for (const [service, n] of e.services) services.set(service, (services.get(service) ?? 0) + n);
      const into = merged.get(id);
      if (!into) {
        merged.set(id, {
          templateId: id,
          template: e.template,
          count: e.count,
          firstSeen: e.firstSeen,
          lastSeen: e.lastSeen,
          trend,
          isNew: false,
          levels: levelCounts(e.levels),
        });
        continue;
      }
      for (const [level, n] of Object.entries(levelCounts(e.levels)))
        into.levels[level] = (into.levels[level] ?? 0) + n;
      into.count += e.count;
      // The survivor's text is the most general one: prefer the entry that carries the survivor's id.
      if (e.templateId === id) into.template = e.template;
      into.firstSeen = Math.min(into.firstSeen, e.firstSeen);
      into.lastSeen = Math.max(into.lastSeen, e.lastSeen);
      for (let i = 0; i < trend.length; i++) into.trend[i]! += trend[i]!;
    }
    const out = [...merged.values()];
    for (const p of out) {
      p.isNew = now - p.firstSeen < this.newForMs;
      p.services = [...(serviceCounts.get(p.templateId) ?? [])]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count)
        .slice(0, MAX_SERVICES);
    }
    return out;
  }

  /** Ring index of an interval; the double modulo keeps it non-negative for early epochs. */
  private slot(epoch: number): number {
    return ((epoch % this.trendLength) + this.trendLength) % this.trendLength;
  }

  /** Zeroes the intervals that passed since the entry was last touched. */
  private advance(entry: Entry, epoch: number): void {
    const gap = Math.min(epoch - entry.trendEpoch, this.trendLength);
    for (let i = 1; i <= gap; i++) entry.trend[this.slot(entry.trendEpoch + i)] = 0;
    if (epoch > entry.trendEpoch) entry.trendEpoch = epoch;
  }
}

/** Non-zero level counts by name (`none`: no level). */
function levelCounts(counts: Uint32Array): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < counts.length; i++) {
    if (counts[i]! > 0) out[i === NO_LEVEL ? 'none' : LOG_LEVELS[i]!] = counts[i]!;
  }
  return out;
}
