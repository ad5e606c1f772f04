/**
 * The fleet as a reader of the stats topic sees it (issue 19), on a fake clock: up, stale, gone and
 * forgotten; old records read back from the topic's recent past; partitions with no live owner;
 * totals over the analyzers that are up; bounded memory.
 */
import { describe, expect, it } from 'vitest';
import { AnalyzerStats, type AnalyzerStatsInput } from '../../core/contract';
import { FleetState } from '../../core/cluster/fleet-state';

const T0 = 1_700_000_000_000;

function stats(id: string, sentAt: number, over: Partial<AnalyzerStatsInput> = {}): AnalyzerStats {
  return AnalyzerStats.parse({
    analyzerId: id,
    host: `host-${id}`,
    pid: 100,
    role: 'analyzer',
    startedAt: T0 - 60_000,
    partitions: { logs: [], fold: [] },
    logTopics: [{ topic: 'logs', partitions: 4 }],
    foldPartitions: 2,
    logsPerSecond: 1000,
    consumerLag: 10,
    processed: 5000,
    health: 'healthy',
    healthReasons: [],
    cpuMicrosPerLog: 14.5,
    sentAt,
    ...over,
  });
}

const owning = (logs: number[], fold: number[]) => ({
  partitions: { logs: logs.map((partition) => ({ topic: 'logs', partition })), fold },
});

describe('FleetState', () => {
  it('marks an analyzer up, then stale, then gone as its silence grows, and forgets it at last', () => {
    const fleet = new FleetState({ staleAfterMs: 10_000, goneAfterMs: 30_000, forgetAfterMs: 60_000 });
    fleet.observe(stats('a', T0), T0);
    const stateAt = (now: number) => fleet.snapshot(now).analyzers.map((m) => [m.stats.analyzerId, m.state]);
    expect(stateAt(T0 + 9_999)).toEqual([['a', 'up']]);
    expect(stateAt(T0 + 10_000)).toEqual([['a', 'stale']]);
    expect(fleet.snapshot(T0 + 12_000).analyzers[0]!.note).toBe('no stats for 12 s');
    expect(stateAt(T0 + 30_000)).toEqual([['a', 'gone']]);
    expect(fleet.snapshot(T0 + 45_000).notes).toContain(
      'analyzer a: no stats for 45 s: stopped or unreachable',
    );
    expect(stateAt(T0 + 60_000)).toEqual([['a', 'gone']]);
    expect(stateAt(T0 + 60_001)).toEqual([]);
    expect(fleet.snapshot(T0 + 60_001).notes).toEqual(['no analyzer has published stats yet']);
  });

  it('a fresh record brings a stale analyzer back up', () => {
    const fleet = new FleetState({ staleAfterMs: 10_000 });
    fleet.observe(stats('a', T0), T0);
    expect(fleet.snapshot(T0 + 15_000).analyzers[0]!.state).toBe('stale');
    fleet.observe(stats('a', T0 + 15_000), T0 + 15_000);
    expect(fleet.snapshot(T0 + 15_000).analyzers[0]).toMatchObject({ state: 'up', note: null });
  });

  it('an analyzer that says it is leaving is gone at once, and up again when it restarts', () => {
    const fleet = new FleetState();
    fleet.observe(stats('a', T0), T0);
    fleet.observe(stats('a', T0 + 2_000, { leaving: true }), T0 + 2_000);
    const gone = fleet.snapshot(T0 + 2_000).analyzers[0]!;
    expect(gone.state).toBe('gone');
    expect(gone.note).toContain('leaving');
    fleet.observe(stats('a', T0 + 9_000, { startedAt: T0 + 8_000 }), T0 + 9_000);
    expect(fleet.snapshot(T0 + 9_000).analyzers[0]!.state).toBe('up');
  });

  it('takes a record read back from the recent past as heard when sent, a live one when received', () => {
    const fleet = new FleetState({ staleAfterMs: 10_000, goneAfterMs: 30_000 });
    // Read at start from two minutes back: sent 100 s ago.
    fleet.observe(stats('old', T0 - 100_000), T0, true);
    // Live records from analyzers whose clocks run 20 s behind and ahead of the reader's.
    fleet.observe(stats('behind', T0 - 20_000), T0);
    fleet.observe(stats('ahead', T0 + 20_000), T0);
    // A backlog record from a clock that runs ahead: heard of now at the latest, never in the future.
    fleet.observe(stats('ahead-backlog', T0 + 20_000), T0, true);
    const byId = Object.fromEntries(fleet.snapshot(T0).analyzers.map((m) => [m.stats.analyzerId, m]));
    expect(byId.old).toMatchObject({ state: 'gone', lastSeenAt: T0 - 100_000 });
    expect(byId.behind).toMatchObject({ state: 'up', lastSeenAt: T0 });
    expect(byId.ahead).toMatchObject({ state: 'up', lastSeenAt: T0 });
    expect(byId['ahead-backlog']).toMatchObject({ state: 'up', lastSeenAt: T0 });
  });

  it('never lets an older record of the same run replace a newer one', () => {
    const fleet = new FleetState();
    fleet.observe(stats('a', T0 + 2_000, { processed: 200 }), T0 + 2_000);
    fleet.observe(stats('a', T0, { processed: 100 }), T0 + 2_100);
    expect(fleet.snapshot(T0 + 2_100).analyzers[0]!.stats.processed).toBe(200);
  });

  it('sums rate and lag over the analyzers that are up, and counts partitions owned', () => {
    const fleet = new FleetState({ staleAfterMs: 10_000 });
    fleet.observe(stats('a', T0, { ...owning([0, 1], [0]), logsPerSecond: 700, consumerLag: 5 }), T0);
    fleet.observe(stats('b', T0, { ...owning([2, 3], [1]), logsPerSecond: 300, consumerLag: 7 }), T0);
    const all = fleet.snapshot(T0 + 1_000);
    expect(all.totals).toEqual({
      analyzers: 2,
      up: 2,
      stale: 0,
      gone: 0,
      logsPerSecond: 1000,
      consumerLag: 12,
      logPartitions: 4,
      logPartitionsOwned: 4,
      foldPartitions: 2,
      foldPartitionsOwned: 2,
    });
    expect(all.notes).toEqual([]);

    // b falls silent: its partitions have no live owner until the group gives them to a.
    fleet.observe(stats('a', T0 + 12_000, { ...owning([0, 1], [0]), logsPerSecond: 700 }), T0 + 12_000);
    const half = fleet.snapshot(T0 + 12_000);
    expect(half.totals).toMatchObject({ up: 1, stale: 1, logsPerSecond: 700, logPartitionsOwned: 2 });
    expect(half.notes).toEqual([
      'log topic logs: partitions 2 (last owned by b, stale), 3 (last owned by b, stale) have no live owner',
      'alert fold: partition 1 (last owned by b, stale) has no live owner',
    ]);

    fleet.observe(stats('a', T0 + 14_000, owning([0, 1, 2, 3], [0, 1])), T0 + 14_000);
    const taken = fleet.snapshot(T0 + 14_000);
    expect(taken.totals).toMatchObject({ logPartitionsOwned: 4, foldPartitionsOwned: 2 });
    expect(taken.notes).toEqual([]);
  });

  it('names a partition nobody has ever owned', () => {
    const fleet = new FleetState();
    fleet.observe(stats('a', T0, owning([0, 1, 2], [0, 1])), T0);
    expect(fleet.snapshot(T0).notes).toEqual(['log topic logs: partition 3 has no live owner']);
  });

  it('keeps at most maxAnalyzers, forgetting the longest silent first, and counts them', () => {
    const fleet = new FleetState({ maxAnalyzers: 3 });
    for (let i = 0; i < 5; i++) fleet.observe(stats(`a${i}`, T0 + i), T0 + i);
    fleet.observe(stats('a2', T0 + 10), T0 + 10); // heard of again: now the most recent
    fleet.observe(stats('a5', T0 + 11), T0 + 11);
    const snapshot = fleet.snapshot(T0 + 11);
    expect(snapshot.analyzers.map((m) => m.stats.analyzerId)).toEqual(['a2', 'a4', 'a5']);
    expect(snapshot.evicted).toBe(3);
    expect(fleet.size()).toBe(3);
  });
});
