/**
 * The fleet as a reader of the stats topic sees it (pure, clock passed in): the latest stats of each
 * analyzer, whether it is up, stale (silent for a while) or gone (silent long, or it said it was
 * leaving; kept visible for a while so an engineer sees it disappear), the totals over the analyzers
 * that are up, and a clear note for every partition no live analyzer owns. Bounded: at most
 * `maxAnalyzers` analyzers, the longest silent forgotten first (counted).
 */
import type { AnalyzerStats, FleetMember, FleetMemberState, FleetTotals } from '../contract';

export interface FleetStateOptions {
  /** Silent this long: stale (the publisher sends every 2 s by default). */
  staleAfterMs: number;
  /** Silent this long: gone. */
  goneAfterMs: number;
  /** Gone analyzers stay listed this long after they were last heard of, then are forgotten. */
  forgetAfterMs: number;
  maxAnalyzers: number;
}

export const DEFAULT_FLEET_STATE_OPTIONS: FleetStateOptions = {
  staleAfterMs: 10_000,
  goneAfterMs: 30_000,
  forgetAfterMs: 10 * 60_000,
  maxAnalyzers: 1000,
};

interface Entry {
  stats: AnalyzerStats;
  lastSeenAt: number;
}

export interface FleetSnapshot {
  analyzers: FleetMember[];
  totals: FleetTotals;
  notes: string[];
  evicted: number;
}

const MAX_LISTED = 20;

export class FleetState {
  evicted = 0;
  private readonly options: FleetStateOptions;
  /** Insertion order = least recently heard of first (re-inserted on every record). */
  private readonly entries = new Map<string, Entry>();

  constructor(options: Partial<FleetStateOptions> = {}) {
    this.options = { ...DEFAULT_FLEET_STATE_OPTIONS, ...options };
  }

  /**
   * A record received now. `backlog`: it was written before the reader started (read back from the
   * topic's recent past), so it was heard of when it was sent (on the analyzer's clock, never later
   * than now); a live record is heard of when received, on the reader's own clock, so clock skew
   * between machines never makes a live analyzer look stale.
   */
  observe(stats: AnalyzerStats, receivedAt: number, backlog = false): void {
    const heardAt = backlog ? Math.min(receivedAt, stats.sentAt) : receivedAt;
    const known = this.entries.get(stats.analyzerId);
    // An older record of the same run (a retry delivered late) never replaces a newer one.
    if (known && known.stats.startedAt === stats.startedAt && known.stats.sentAt > stats.sentAt) return;
    this.entries.delete(stats.analyzerId);
    this.entries.set(stats.analyzerId, { stats, lastSeenAt: Math.max(heardAt, 0) });
    this.forget(receivedAt);
    for (const id of this.entries.keys()) {
      if (this.entries.size <= this.options.maxAnalyzers) break;
      this.entries.delete(id);
      this.evicted++;
    }
  }

  size(): number {
    return this.entries.size;
  }

  snapshot(now: number): FleetSnapshot {
    this.forget(now);
    const analyzers = [...this.entries.values()]
      .map((e) => this.member(e, now))
      .sort((a, b) => (a.stats.analyzerId < b.stats.analyzerId ? -1 : 1));
    const up = analyzers.filter((m) => m.state === 'up');
    const notes: string[] = [];
    if (analyzers.length === 0) notes.push('no analyzer has published stats yet');
    const logs = logCoverage(analyzers);
    const fold = foldCoverage(analyzers);
    notes.push(...logs.notes, ...fold.notes);
    for (const m of analyzers)
      if (m.state === 'gone') notes.push(`analyzer ${m.stats.analyzerId}: ${m.note}`);
    return {
      analyzers,
      totals: {
        analyzers: analyzers.length,
        up: up.length,
        stale: analyzers.filter((m) => m.state === 'stale').length,
        gone: analyzers.filter((m) => m.state === 'gone').length,
        logsPerSecond: up.reduce((sum, m) => sum + m.stats.logsPerSecond, 0),
        consumerLag: up.reduce((sum, m) => sum + m.stats.consumerLag, 0),
        logPartitions: logs.known,
        logPartitionsOwned: logs.owned,
        foldPartitions: fold.known,
        foldPartitionsOwned: fold.owned,
      },
      notes,
      evicted: this.evicted,
    };
  }

  private member(entry: Entry, now: number): FleetMember {
    const silent = Math.max(0, now - entry.lastSeenAt);
    const seconds = Math.round(silent / 1000);
    let state: FleetMemberState = 'up';
    let note: string | null = null;
    if (entry.stats.leaving) {
      state = 'gone';
      note = `stopped ${seconds} s ago (its last stats said it was leaving)`;
    } else if (silent >= this.options.goneAfterMs) {
      state = 'gone';
      note = `no stats for ${seconds} s: stopped or unreachable`;
    } else if (silent >= this.options.staleAfterMs) {
      state = 'stale';
      note = `no stats for ${seconds} s`;
    }
    return { stats: entry.stats, state, lastSeenAt: entry.lastSeenAt, note };
  }

  private forget(now: number): void {
    for (const [id, entry] of this.entries) {
      if (now - entry.lastSeenAt > this.options.forgetAfterMs) this.entries.delete(id);
    }
  }
}

/** Log partitions: every partition any analyzer knows of, and which of them an analyzer that is up owns. */
function logCoverage(members: readonly FleetMember[]): { known: number; owned: number; notes: string[] } {
  const partitionsOf = new Map<string, number>();
  for (const m of members)
    for (const t of m.stats.logTopics)
      partitionsOf.set(t.topic, Math.max(partitionsOf.get(t.topic) ?? 0, t.partitions));
  const owners = new Map<string, FleetMember[]>();
  for (const m of members)
    for (const p of m.stats.partitions.logs) {
      const key = `${p.topic}[${p.partition}]`;
      owners.set(key, [...(owners.get(key) ?? []), m]);
    }
  let known = 0;
  let owned = 0;
  const notes: string[] = [];
  for (const [topic, count] of [...partitionsOf].sort()) {
    const orphans: string[] = [];
    for (let partition = 0; partition < count; partition++) {
      known++;
      const list = owners.get(`${topic}[${partition}]`) ?? [];
      if (list.some((m) => m.state === 'up')) owned++;
      else orphans.push(describeOrphan(String(partition), list));
    }
    if (orphans.length > 0) notes.push(orphanNote(`log topic ${topic}`, orphans));
  }
  return { known, owned, notes };
}

function foldCoverage(members: readonly FleetMember[]): { known: number; owned: number; notes: string[] } {
  const known = members.reduce((max, m) => Math.max(max, m.stats.foldPartitions ?? 0), 0);
  const owners = new Map<number, FleetMember[]>();
  for (const m of members)
    for (const p of m.stats.partitions.fold) owners.set(p, [...(owners.get(p) ?? []), m]);
  let owned = 0;
  const orphans: string[] = [];
  for (let partition = 0; partition < known; partition++) {
    const list = owners.get(partition) ?? [];
    if (list.some((m) => m.state === 'up')) owned++;
    else orphans.push(describeOrphan(String(partition), list));
  }
  const notes = orphans.length > 0 ? [orphanNote('alert fold', orphans)] : [];
  return { known, owned, notes };
}

function describeOrphan(partition: string, lastOwners: readonly FleetMember[]): string {
  const last = lastOwners[0];
  return last === undefined
    ? partition
    : `${partition} (last owned by ${last.stats.analyzerId}, ${last.state})`;
}

function orphanNote(what: string, orphans: readonly string[]): string {
  const listed = orphans.slice(0, MAX_LISTED).join(', ');
  const more = orphans.length > MAX_LISTED ? ` and ${orphans.length - MAX_LISTED} more` : '';
  const noun = orphans.length === 1 ? 'partition' : 'partitions';
  return `${what}: ${noun} ${listed}${more} ${orphans.length === 1 ? 'has' : 'have'} no live owner`;
}
