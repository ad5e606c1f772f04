import { describe, expect, it } from 'vitest';
import { PatternStats } from '../../core/engine/pattern-stats';

/** A realistic clock origin, aligned to whole seconds so that interval boundaries are easy to read. */
const T0 = 1_700_000_000_000;

function observeTimes(stats: PatternStats, id: string, times: number[]): void {
  for (const t of times) stats.observe(id, `template ${id}`, t);
}

describe('PatternStats', () => {
  it('counts per template with first and last seen, most frequent first', () => {
    const stats = new PatternStats();
    observeTimes(stats, 'a', [T0, T0 + 10, T0 + 20]);
    observeTimes(stats, 'b', [T0 + 5]);
    const top = stats.top(10, T0 + 30);
    expect(top.map((p) => [p.templateId, p.count])).toEqual([
      ['a', 3],
      ['b', 1],
    ]);
    expect(top[0]).toMatchObject({ firstSeen: T0, lastSeen: T0 + 20, template: 'template a' });
    expect(stats.top(1, T0 + 30).map((p) => p.templateId)).toEqual(['a']);
  });

  it('keeps the latest template text for an id', () => {
    const stats = new PatternStats();
    stats.observe('a', 'user <*> logged in', T0);
    stats.observe('a', 'user <*> logged <*>', T0 + 1);
    expect(stats.top(1, T0 + 2)[0]?.template).toBe('user <*> logged <*>');
  });

  it('evicts the least recently seen template at the cap, not the least frequent', () => {
    const stats = new PatternStats({ maxTemplates: 2 });
    observeTimes(stats, 'a', [T0, T0 + 1, T0 + 2]);
    observeTimes(stats, 'b', [T0 + 3]);
    observeTimes(stats, 'a', [T0 + 4]); // a is now the most recently seen
    observeTimes(stats, 'c', [T0 + 5]); // over the cap: b goes
    expect(stats.size).toBe(2);
    expect(
      stats
        .top(10, T0 + 6)
        .map((p) => p.templateId)
        .sort(),
    ).toEqual(['a', 'c']);
    observeTimes(stats, 'd', [T0 + 7]); // now a is the least recently seen
    expect(
      stats
        .top(10, T0 + 8)
        .map((p) => p.templateId)
        .sort(),
    ).toEqual(['c', 'd']);
  });

  it('at a larger cap, still keeps a template that was seen again after going stale', () => {
    // With 64 templates, an entry moves to the recently-seen end only if it was not moved in the
    // last 8 observations (cheaper than moving on every log); a stale one seen again does move.
    const stats = new PatternStats({ maxTemplates: 64 });
    observeTimes(stats, 'a', [T0]);
    for (let i = 0; i < 63; i++) stats.observe(`t${i}`, `template ${i}`, T0 + 1 + i);
    observeTimes(stats, 'a', [T0 + 100]); // 64 observations later: a moves to the recent end
    stats.observe('new', 'template new', T0 + 101); // over the cap: the stalest, t0, goes
    const ids = new Set(stats.top(100, T0 + 102).map((p) => p.templateId));
    expect(stats.size).toBe(64);
    expect(ids.has('a')).toBe(true);
    expect(ids.has('t0')).toBe(false);
  });

  it('stays bounded under many distinct templates', () => {
    const stats = new PatternStats({ maxTemplates: 100 });
    for (let i = 0; i < 10_000; i++) stats.observe(`t${i}`, `template ${i}`, T0 + i);
    expect(stats.size).toBe(100);
    // The survivors are the 100 most recently seen.
    const ids = stats.top(1000, T0 + 10_000).map((p) => p.templateId);
    expect(ids).toHaveLength(100);
    expect(ids).toContain('t9999');
    expect(ids).toContain('t9900');
    expect(ids).not.toContain('t9899');
  });

  it('buckets the trend by interval, oldest first, aligned to the time asked for', () => {
    const stats = new PatternStats({ intervalMs: 1000, trendLength: 5 });
    observeTimes(stats, 'a', [T0, T0 + 999]); // interval 0
    observeTimes(stats, 'a', [T0 + 1500]); // interval 1
    observeTimes(stats, 'a', [T0 + 3000, T0 + 3100, T0 + 3999]); // interval 3
    observeTimes(stats, 'b', [T0 + 10]); // interval 0

    const at3 = stats.top(10, T0 + 3999);
    // Intervals -1, 0, 1, 2, 3.
    expect(at3.find((p) => p.templateId === 'a')?.trend).toEqual([0, 2, 1, 0, 3]);
    expect(at3.find((p) => p.templateId === 'b')?.trend).toEqual([0, 1, 0, 0, 0]);

    // Two intervals later the window has slid: intervals 1..5.
    const at5 = stats.top(10, T0 + 5000);
    expect(at5.find((p) => p.templateId === 'a')?.trend).toEqual([1, 0, 3, 0, 0]);

    // Long after, the trend is all zeros but the total count remains.
    const later = stats.top(10, T0 + 60_000);
    expect(later.find((p) => p.templateId === 'a')).toMatchObject({ count: 6, trend: [0, 0, 0, 0, 0] });
  });

  it('does not carry old counts into a reused ring slot when a template comes back', () => {
    const stats = new PatternStats({ intervalMs: 1000, trendLength: 3 });
    observeTimes(stats, 'a', [T0, T0, T0]); // interval 0: 3
    // Interval 3 reuses interval 0's slot: it must start from zero.
    observeTimes(stats, 'a', [T0 + 3000]);
    expect(stats.top(1, T0 + 3000)[0]?.trend).toEqual([0, 0, 1]);
  });

  it('flags a template as new only within newForMs of its first sighting', () => {
    const stats = new PatternStats({ newForMs: 60_000 });
    observeTimes(stats, 'a', [T0]);
    expect(stats.top(1, T0 + 59_999)[0]?.isNew).toBe(true);
    observeTimes(stats, 'a', [T0 + 59_999]); // seeing it again does not make it new again
    expect(stats.top(1, T0 + 60_000)[0]?.isNew).toBe(false);
  });
});
