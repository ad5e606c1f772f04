/**
 * The Logs view's history search (renderer/src/lib/history-search.ts): the request it sends and what
 * survives a reload through local storage; and the histogram's columns for uPlot
 * (renderer/src/lib/histogram-columns.ts).
 */
import { describe, expect, it } from 'vitest';
import { LogQuery } from '../../core/contract';
import {
  EMPTY_HISTORY_SEARCH,
  HISTORY_ROWS,
  readStoredSearch,
  toLogQuery,
} from '../../renderer/src/lib/history-search';
import { histogramColumns } from '../../renderer/src/lib/histogram-columns';

const NOW = Date.UTC(2026, 11, 5, 3, 0, 0);

describe('history search', () => {
  it('asks for the range ending now, with only the filters that are set', () => {
    expect(toLogQuery(EMPTY_HISTORY_SEARCH, NOW)).toEqual({
      from: NOW - 3_600_000,
      to: NOW,
      limit: HISTORY_ROWS,
    });
    const query = toLogQuery(
      {
        range: '24h',
        service: ' sshd ',
        host: 'bastion',
        level: 'error',
        template: 'abc',
        text: 'Failed password',
      },
      NOW,
    );
    expect(query).toEqual({
      from: NOW - 24 * 3_600_000,
      to: NOW,
      limit: HISTORY_ROWS,
      service: 'sshd',
      host: 'bastion',
      level: 'error',
      template: 'abc',
      text: 'Failed password',
    });
    expect(LogQuery.safeParse(query).success).toBe(true);
    // Everything stored, whatever time the logs carry (up to a year ahead of now).
    const all = toLogQuery({ ...EMPTY_HISTORY_SEARCH, range: 'all' }, NOW);
    expect(all).toEqual({ from: 0, to: NOW + 366 * 24 * 3_600_000, limit: HISTORY_ROWS });
    expect(LogQuery.safeParse(all).success).toBe(true);
  });

  it('reads back a stored search, and falls back to the empty one for anything invalid', () => {
    const search = {
      range: '6h',
      service: 'api',
      host: '',
      level: 'warn',
      template: '',
      text: 'timeout',
    } as const;
    expect(readStoredSearch(JSON.stringify(search))).toEqual(search);
    expect(readStoredSearch(null)).toEqual(EMPTY_HISTORY_SEARCH);
    expect(readStoredSearch('{not json')).toEqual(EMPTY_HISTORY_SEARCH);
    expect(readStoredSearch(JSON.stringify({ range: '5y', level: 'loud', text: 7 }))).toEqual(
      EMPTY_HISTORY_SEARCH,
    );
  });
});

describe('histogram columns', () => {
  it('spans every minute of the range, zero where no logs were counted, levels by total', () => {
    const from = NOW - 5 * 60_000;
    const { levels, data } = histogramColumns(
      {
        bucketMs: 60_000,
        minutes: [from, from + 3 * 60_000],
        byLevel: { error: [1, 0], info: [4, 9] },
        total: 14,
      },
      from,
      NOW,
    );
    expect(levels).toEqual(['info', 'error']);
    expect(data[0]).toEqual([0, 1, 2, 3, 4, 5].map((m) => (from + m * 60_000) / 1000));
    expect(data[1]).toEqual([4, 0, 0, 9, 0, 0]);
    expect(data[2]).toEqual([1, 0, 0, 0, 0, 0]);
  });
});
