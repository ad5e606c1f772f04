/**
 * Per-template counters for the Patterns view: total count, first/last seen, a short trend of
 * counts per interval and a "new" flag. Bounded: at most `maxTemplates` entries, the least
 * recently seen evicted first (a Map keeps insertion order; re-inserting on use makes it an LRU).
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

  constructor(options: PatternStatsOptions = {}) {
    this.max = options.maxTemplates ?? 5000;
    this.intervalMs = options.intervalMs ?? 10_000;
    this.trendLength = options.trendLength ?? 30;
    this.newForMs = options.newForMs ?? 5 * 60_000;
  }

  get size(): number {
    return this.entries.size;
  }

  observe(templateId: string, template: string, now: number): void {
    const epoch = Math.floor(now / this.intervalMs);
    let entry = this.entries.get(templateId);
    if (entry) {
      this.entries.delete(templateId); // re-inserted below: most recently seen last
      entry.template = template;
    } else {
      entry = {
        templateId,
        template,
        count: 0,
        firstSeen: now,
        lastSeen: now,
        trend: new Uint32Array(this.trendLength),
        trendEpoch: epoch,
      };
      if (this.entries.size >= this.max) {
        const oldest = this.entries.keys().next();
        if (!oldest.done) this.entries.delete(oldest.value);
      }
    }
    this.advance(entry, epoch);
    entry.trend[this.slot(epoch)]! += 1;
    entry.count += 1;
    entry.lastSeen = now;
    this.entries.set(templateId, entry);
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
