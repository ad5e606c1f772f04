/**
 * What the alert detail lists as the alert's patterns (renderer/src/lib/alert-patterns.ts): the
 * templates of its evidence busiest first, the `(other)` entry summed apart, and the alert's own
 * template for alerts that predate `templates`.
 */
import { describe, expect, it } from 'vitest';
import { alertPatterns } from '../../renderer/src/lib/alert-patterns';
import { alert } from './renderer-fixtures';

describe('alertPatterns', () => {
  it('lists the templates of the evidence, at most `max`, summing the rest', () => {
    const templates = [
      { value: 't1', count: 9 },
      { value: 't2', count: 4 },
      { value: 't3', count: 2 },
      { value: '(other)', count: 5 },
    ];
    const list = alertPatterns(alert({ templates, count: 20 }), 2);
    expect(list.shown).toEqual([
      { templateId: 't1', count: 9 },
      { templateId: 't2', count: 4 },
    ]);
    expect(list).toMatchObject({ total: 3, restCount: 7, hasOther: true });
  });

  it('falls back to the alert’s own template, without a count, for older alerts', () => {
    expect(alertPatterns(alert({ templateId: 't9' }), 5)).toEqual({
      shown: [{ templateId: 't9', count: null }],
      total: 1,
      restCount: 0,
      hasOther: false,
    });
  });

  it('is empty for an alert without a template (a lag signal)', () => {
    expect(alertPatterns(alert({ templateId: null, template: null }), 5).total).toBe(0);
    expect(alertPatterns(alert({ templateId: null, templates: [] }), 5).shown).toEqual([]);
  });
});
