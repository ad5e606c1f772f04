/**
 * The category labels (models/labels/category-labels.csv) are curated by hand, one reason per
 * template. These checks keep later edits consistent with the conventions of models/README.md: one
 * reason never justifies two categories, the same template text gets the same category in every
 * system, and every template of the training data has exactly one label.
 */
import * as fs from 'fs';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../core/contract';
import { parseCsvRecords } from '../../core/patterns/csv';
import { loadCategoryLabels } from '../../models/training/dataset';
import { CATEGORY_LABELS_CSV, DATA_CSV } from '../../models/training/paths';

const rows = parseCsvRecords(fs.readFileSync(CATEGORY_LABELS_CSV, 'utf8'));

/** Groups rows by a key and returns the groups whose rows disagree on the category. */
function conflicts(key: (r: Record<string, string | undefined>) => string): string[] {
  const groups = new Map<string, Set<string>>();
  for (const r of rows) {
    const k = key(r);
    const set = groups.get(k) ?? new Set<string>();
    set.add(r.category ?? '');
    groups.set(k, set);
  }
  return [...groups].filter(([, cats]) => cats.size > 1).map(([k, cats]) => `${k}: ${[...cats].join(', ')}`);
}

describe('category labels', () => {
  it('label every template once, with a known category and a reason', () => {
    const labels = loadCategoryLabels(); // throws on a duplicate, an unknown category or no reason
    expect(labels.size).toBe(rows.length);
    expect(new Set(labels.values())).toEqual(new Set(CATEGORIES));
    const used = new Set(
      parseCsvRecords(fs.readFileSync(DATA_CSV, 'utf8')).map((r) => `${r.system ?? ''}/${r.event_id ?? ''}`),
    );
    expect([...used].filter((k) => !labels.has(k))).toEqual([]);
  });

  it('never give one reason to two categories', () => {
    expect(conflicts((r) => r.reason ?? '')).toEqual([]);
  });

  it('give the same template text the same category in every system', () => {
    expect(conflicts((r) => (r.template ?? '').trim().replace(/\s+/g, ' ').toLowerCase())).toEqual([]);
  });
});
