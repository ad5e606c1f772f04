import { describe, expect, it } from 'vitest';
import { parseText, safeSample } from '../../core/parse';
import { epochToMs, matchLeadingTimestamp, timeFromValue } from '../../core/parse/timestamp';

describe('safeSample', () => {
  it('escapes controls, bidi overrides and line separators', () => {
    expect(safeSample('a\x00b\x1b[31mc\r\n\t\u202Eevil\u2028')).toBe(
      'a\\x00b\\x1b[31mc\\r\\n\\t\\u202eevil\\u2028',
    );
  });

  it('is at most 200 chars, ellipsis included, and never splits a surrogate pair', () => {
    const sample = safeSample('😀'.repeat(300));
    expect(sample.length).toBeLessThanOrEqual(200);
    expect(sample.endsWith('…')).toBe(true);
    expect(sample.slice(0, -1)).toBe('😀'.repeat(99));
    expect(safeSample('\x01'.repeat(500)).length).toBeLessThanOrEqual(200);
    expect(safeSample('short')).toBe('short');
  });
});

describe('timestamps', () => {
  it('reads epochs by magnitude: s, ms, µs, ns', () => {
    const ms = Date.UTC(2024, 0, 2, 3, 4, 5, 678);
    expect(epochToMs(ms / 1000)).toBe(ms);
    expect(epochToMs(ms)).toBe(ms);
    expect(epochToMs(ms * 1000)).toBe(ms);
    expect(epochToMs(ms * 1e6)).toBe(ms);
    expect(epochToMs(-5)).toBeNull();
    expect(epochToMs(Number.NaN)).toBeNull();
  });

  it('rejects impossible calendar values instead of rolling them over', () => {
    expect(timeFromValue('2024-13-01T00:00:00Z')).toBeNull();
    expect(timeFromValue('2024-01-01T25:00:00Z')).toBeNull();
    expect(matchLeadingTimestamp('2024-02-30 99:00:00 x', 0, Date.now())).toBeNull();
  });

  it('reads RFC 2822 only with an explicit zone', () => {
    expect(timeFromValue('Tue, 03 Jun 2008 11:05:30 GMT')).toBe(Date.UTC(2008, 5, 3, 11, 5, 30));
    expect(timeFromValue('Tue, 03 Jun 2008 11:05:30')).toBeNull();
  });

  it('falls back to arrival time when neither the log nor Kafka carries a timestamp', () => {
    const before = Date.now();
    const outcome = parseText('no time here', { topic: 't', partition: 0, offset: '0', timestamp: -1 });
    expect(outcome.ok && outcome.record.time).toBeGreaterThanOrEqual(before);
  });

  it('uses the wall clock for year-less times when Kafka reports no timestamp (-1)', () => {
    const outcome = parseText('Oct 11 22:14:15 host app[1]: hello', {
      topic: 't',
      partition: 0,
      offset: '0',
      timestamp: -1,
    });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const year = new Date(outcome.record.time).getUTCFullYear();
    expect([new Date().getUTCFullYear(), new Date().getUTCFullYear() - 1]).toContain(year);
    expect(outcome.record).toMatchObject({ host: 'host', service: 'app' });
  });
});
