/** The renderer's pattern table (renderer/src/lib/pattern-table.ts): sorting, search and recent activity. */
import { describe, expect, it } from 'vitest';
import { nextSort, recentActivity, sortPatterns } from '../../renderer/src/lib/pattern-table';
import { pattern } from './renderer-fixtures';

describe('pattern table', () => {
  const patterns = [
    pattern({ templateId: 'a', template: 'beta', count: 5, trend: [9, 9, 9, 0, 0, 0] }),
    pattern({ templateId: 'b', template: 'alpha', count: 50, trend: [0, 0, 0, 1, 1, 1] }),
    pattern({ templateId: 'c', template: 'gamma', count: 5, trend: [0, 0, 0, 5, 5, 5] }),
  ];

  it('sorts by the chosen column with a stable tie-break', () => {
    expect(sortPatterns(patterns, { key: 'count', descending: true }, '').map((p) => p.templateId)).toEqual([
      'b',
      'a',
      'c',
    ]);
    expect(
      sortPatterns(patterns, { key: 'template', descending: false }, '').map((p) => p.templateId),
    ).toEqual(['b', 'a', 'c']);
    expect(sortPatterns(patterns, { key: 'recent', descending: true }, '').map((p) => p.templateId)).toEqual([
      'c',
      'b',
      'a',
    ]);
  });

  it('searches templates and exact ids', () => {
    expect(
      sortPatterns(patterns, { key: 'count', descending: true }, 'GAM').map((p) => p.templateId),
    ).toEqual(['c']);
    expect(sortPatterns(patterns, { key: 'count', descending: true }, 'a').map((p) => p.templateId)).toEqual([
      'b',
      'a',
      'c',
    ]);
  });

  it('flips direction on the same column and starts descending on numbers', () => {
    expect(nextSort({ key: 'count', descending: true }, 'count')).toEqual({
      key: 'count',
      descending: false,
    });
    expect(nextSort({ key: 'count', descending: true }, 'template')).toEqual({
      key: 'template',
      descending: false,
    });
    expect(nextSort({ key: 'template', descending: false }, 'lastSeen')).toEqual({
      key: 'lastSeen',
      descending: true,
    });
    expect(recentActivity(patterns[2]!)).toBe(10);
  });
});
