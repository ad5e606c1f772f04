import { describe, expect, it } from 'vitest';
import { RateMeter } from '../../core/telemetry/rate-meter';

describe('RateMeter', () => {
  it('reports the last complete second', () => {
    const m = new RateMeter();
    m.mark(100, 10_000);
    m.mark(50, 10_999);
    m.mark(7, 11_200);
    expect(m.perSecond(11_500)).toBe(150);
    expect(m.perSecond(12_000)).toBe(7);
    expect(m.perSecond(14_000)).toBe(0);
  });

  it('averages the last minute, or the seconds seen so far when younger', () => {
    const m = new RateMeter();
    for (let s = 0; s < 10; s++) m.mark(100, s * 1000);
    expect(m.perSecond1m(10_000)).toBe(100);
    for (let s = 10; s < 90; s++) m.mark(s < 60 ? 100 : 40, s * 1000 + 500);
    expect(m.perSecond1m(90_000)).toBe((100 * 30 + 40 * 30) / 60);
    for (let s = 90; s < 120; s++) m.mark(40, s * 1000 + 500);
    expect(m.perSecond1m(120_000)).toBe(40);
  });

  it('forgets seconds left empty by a pause', () => {
    const m = new RateMeter();
    for (let s = 0; s < 60; s++) m.mark(10, s * 1000);
    m.mark(30, 90_000);
    // Window [31 s, 90 s] holds 29 seconds of 10 and one of 30: gaps are zeros, not stale counts.
    expect(m.perSecond1m(91_000)).toBeCloseTo((29 * 10 + 30) / 60, 10);
    expect(m.totalCount).toBe(630);
  });

  it('ignores non-positive counts', () => {
    const m = new RateMeter();
    m.mark(0, 0);
    m.mark(-3, 0);
    m.mark(Number.NaN, 0);
    expect(m.totalCount).toBe(0);
    expect(m.perSecond1m(5000)).toBe(0);
  });

  it('survives a non-finite clock reading', () => {
    const m = new RateMeter();
    m.mark(5, 1000);
    m.mark(5, Number.NaN);
    expect(m.perSecond(2000)).toBe(10);
    expect(m.totalCount).toBe(10);
  });

  it('counts the complete seconds of the last minute, whatever second its first event came in', () => {
    const m = new RateMeter();
    m.mark(4, 20_500);
    m.mark(6, 69_000);
    m.mark(100, 70_000); // the current, incomplete second is not counted
    expect(m.count1m(70_100)).toBe(10);
    expect(m.count1m(71_000)).toBe(110);
    expect(m.count1m(100_000)).toBe(106); // second 20 has left the minute
  });
});
