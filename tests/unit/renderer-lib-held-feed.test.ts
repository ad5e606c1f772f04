/** The alert list holds still (renderer/src/lib/held-feed.ts): updates in place, new rows wait for "show". */
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../core/contract';
import { buildAlertFeed, type AlertFeedItem } from '../../renderer/src/lib/alert-feed';
import { heldView, needsApply, type AppliedFeed } from '../../renderer/src/lib/held-feed';
import { alert } from './renderer-fixtures';

const NOW = 1_700_000_100_000;
const ids = (items: readonly AlertFeedItem[]) =>
  items.map((item) => (item.kind === 'alert' ? item.alert.id : `[${item.key}]`));
const mapOf = (alerts: Alert[]) => new Map(alerts.map((a) => [a.id, a]));

describe('held alert feed', () => {
  const a = alert({ id: 'a', level: 'critical', lastSeen: NOW - 30, count: 1 });
  const b = alert({ id: 'b', level: 'critical', lastSeen: NOW - 20, count: 1 });
  const c = alert({ id: 'c', level: 'high', lastSeen: NOW - 10, count: 1 });
  const basis = ['filter', 'level'];
  const applied: AppliedFeed = { items: buildAlertFeed([a, b, c], 'level', NOW), basis };

  it('keeps the applied order when an alert is updated, showing its latest data in place', () => {
    expect(ids(applied.items)).toEqual(['[critical]', 'b', 'a', '[high]', 'c']);
    const a2 = { ...a, lastSeen: NOW, count: 42 }; // would sort first now
    const fresh = buildAlertFeed([a2, b, c], 'level', NOW);
    expect(ids(fresh)).toEqual(['[critical]', 'a', 'b', '[high]', 'c']);
    const view = heldView(applied, fresh, mapOf([a2, b, c]));
    expect(ids(view.items)).toEqual(['[critical]', 'b', 'a', '[high]', 'c']);
    const shown = view.items.find((item) => item.kind === 'alert' && item.alert.id === 'a');
    expect(shown?.kind === 'alert' && shown.alert.count).toBe(42);
    expect(view).toMatchObject({ newCount: 0, stale: true });
  });

  it('counts new alerts instead of inserting them above the cursor', () => {
    const d = alert({ id: 'd', level: 'critical', lastSeen: NOW });
    const fresh = buildAlertFeed([a, b, c, d], 'level', NOW);
    const view = heldView(applied, fresh, mapOf([a, b, c, d]));
    expect(ids(view.items)).toEqual(['[critical]', 'b', 'a', '[high]', 'c']);
    expect(view).toMatchObject({ newCount: 1, stale: true });
  });

  it('is not stale when nothing moved', () => {
    const view = heldView(applied, buildAlertFeed([a, b, c], 'level', NOW), mapOf([a, b, c]));
    expect(view).toMatchObject({ newCount: 0, stale: false });
  });

  it('applies at once on first data and on a new filter or grouping, and not otherwise', () => {
    expect(needsApply(null, basis)).toBe(true);
    expect(needsApply({ items: [], basis }, basis)).toBe(true);
    expect(needsApply(applied, ['filter', 'level'])).toBe(false);
    expect(needsApply(applied, ['filter', 'service'])).toBe(true);
  });
});
