/**
 * Per-template counters for the Patterns view: total count, first/last seen, a short trend of
 * counts per interval and a "new" flag. Bounded: at most `maxTemplates` entries, the least
 * recently seen evicted first (a Map keeps insertion order; re-inserting on use makes it an LRU,
 * approximately: see `touchSlack`).
 */
import type { PatternSummary } from '../contract';

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
    this.max = options.maxTemplates ?? 5000;
    this.intervalMs = options.intervalMs ?? 10_000;
    this.trendLength = options.trendLength ?? 30;
    this.newForMs = options.newForMs ?? 5 * 60_000;
    this.touchSlack = Math.floor(this.max / 8);
  }

  get size(): number {
    return this.entries.size;
  }

  observe(templateId: string, template: string, now: number): void {
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
  }

  /**
   * The `limit` templates seen most often, with trends aligned to `now`. `resolve` maps the id of a
   * template the miner has since merged into another to the survivor, so both are shown as one.
   */
  top(limit: number, now: number, resolve: (id: string) => string = (id) => id): PatternSummary[] {
    const epoch = Math.floor(now / this.intervalMs);
    const merged = new Map<string, PatternSummary>();
    for (const e of this.entries.values()) {
      this.advance(e, epoch);
      const trend: number[] = [];
      for (let i = this.trendLength - 1; i >= 0; i--) trend.push(e.trend[this.slot(epoch - i)]!);
      const id = resolve(e.templateId);
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
        });
        continue;
      }
      into.count += e.count;
      // The survivor's text is the most general one: prefer the entry that carries the survivor's id.
      if (e.templateId === id) into.template = e.template;
      into.firstSeen = Math.min(into.firstSeen, e.firstSeen);
      into.lastSeen = Math.max(into.lastSeen, e.lastSeen);
      for (let i = 0; i < trend.length; i++) into.trend[i]! += trend[i]!;
    }
    const sorted = [...merged.values()].sort((a, b) => b.count - a.count).slice(0, limit);
    for (const p of sorted) p.isNew = now - p.firstSeen < this.newForMs;
    return sorted;
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
