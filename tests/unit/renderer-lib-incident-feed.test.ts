/** The incident feed the Alerts view leads with (renderer/src/lib/incident-feed.ts), held still by held-feed.ts. */
import { describe, expect, it } from 'vitest';
import type { Alert, Incident } from '../../core/contract';
import { DEFAULT_ALERT_FILTER, type AlertFilter } from '../../renderer/src/lib/alert-feed';
import { heldItems, needsApply, type AppliedFeed } from '../../renderer/src/lib/held-feed';
import {
  buildIncidentFeed,
  filterIncidents,
  incidentAdapter,
  incidentFeedKey,
  incidentStatus,
  type IncidentFeedItem,
} from '../../renderer/src/lib/incident-feed';
import { alert, incident } from './renderer-fixtures';

const NOW = 1_700_000_100_000;
const keys = (items: readonly IncidentFeedItem[]) => items.map(incidentFeedKey);
const mapOf = <T extends { id: string }>(items: T[]) => new Map(items.map((item) => [item.id, item]));
const filter = (patch: Partial<AlertFilter>): AlertFilter => ({ ...DEFAULT_ALERT_FILTER, ...patch });
const ids = (incidents: Incident[]) => incidents.map((i) => i.id).sort();

describe('incident status', () => {
  it('is the engine status, snoozed while a snooze runs, resolved whatever the snooze', () => {
    expect(incidentStatus(incident({ status: 'acknowledged' }), NOW)).toBe('acknowledged');
    expect(incidentStatus(incident({ status: 'snoozed', snoozedUntil: NOW + 1 }), NOW)).toBe('snoozed');
    expect(incidentStatus(incident({ status: 'open', snoozedUntil: NOW + 1 }), NOW)).toBe('snoozed');
    expect(incidentStatus(incident({ status: 'resolved', snoozedUntil: NOW + 1 }), NOW)).toBe('resolved');
  });
});

describe('filterIncidents', () => {
  const all = [
    incident({ id: 'open-crit', level: 'critical', status: 'open' }),
    incident({ id: 'acked-high', level: 'high', status: 'acknowledged', trigger: 'system_error' }),
    incident({ id: 'snoozed', status: 'snoozed', snoozedUntil: NOW + 60_000 }),
    incident({ id: 'resolved', status: 'resolved', services: ['nginx'], hosts: ['edge-2'] }),
  ];

  it('shows the active ones by default and each status on its own, snoozed included', () => {
    expect(ids(filterIncidents(all, DEFAULT_ALERT_FILTER, NOW))).toEqual(['acked-high', 'open-crit']);
    expect(ids(filterIncidents(all, filter({ status: 'snoozed' }), NOW))).toEqual(['snoozed']);
    expect(ids(filterIncidents(all, filter({ status: 'resolved' }), NOW))).toEqual(['resolved']);
    expect(filterIncidents(all, filter({ status: 'all' }), NOW)).toHaveLength(4);
  });

  it('filters by level and trigger', () => {
    expect(ids(filterIncidents(all, filter({ status: 'all', levels: ['critical'] }), NOW))).toEqual([
      'open-crit',
    ]);
    expect(ids(filterIncidents(all, filter({ status: 'all', trigger: 'system_error' }), NOW))).toEqual([
      'acked-high',
    ]);
  });

  it('matches the service box against services and hosts, case-insensitively', () => {
    expect(ids(filterIncidents(all, filter({ status: 'all', service: 'NGI' }), NOW))).toEqual(['resolved']);
    expect(ids(filterIncidents(all, filter({ status: 'all', service: 'edge' }), NOW))).toEqual(['resolved']);
    expect(filterIncidents(all, filter({ status: 'all', service: 'nothing-like-it' }), NOW)).toEqual([]);
  });
});

describe('buildIncidentFeed', () => {
  const a1 = alert({ id: 'a1', level: 'high', lastSeen: NOW - 50 });
  const a2 = alert({ id: 'a2', level: 'critical', lastSeen: NOW - 90 });
  const a3 = alert({ id: 'a3', level: 'high', lastSeen: NOW - 10 });
  const alerts = mapOf([a1, a2, a3]);
  const crit = incident({ id: 'crit', level: 'critical', lastSeen: NOW - 90, alertIds: ['a1', 'a2', 'a3'] });
  const high = incident({ id: 'high', level: 'high', lastSeen: NOW - 5, alertIds: [] });
  const highOlder = incident({ id: 'high-older', level: 'high', lastSeen: NOW - 500, alertIds: [] });

  it('orders incidents most severe first, then most recent', () => {
    expect(keys(buildIncidentFeed([highOlder, high, crit], new Set(), alerts))).toEqual([
      'incident:crit',
      'incident:high',
      'incident:high-older',
    ]);
  });

  it('lists an expanded incident’s alerts under it, most severe then most recent', () => {
    const feed = buildIncidentFeed([high, crit], new Set(['crit']), alerts);
    expect(keys(feed)).toEqual(['incident:crit', 'alert:a2', 'alert:a3', 'alert:a1', 'incident:high']);
    expect(feed[0]).toMatchObject({ kind: 'incident', expanded: true });
    expect(feed[4]).toMatchObject({ kind: 'incident', expanded: false });
  });

  it('counts child alerts the window does not hold instead of hiding them', () => {
    const feed = buildIncidentFeed([crit], new Set(['crit']), mapOf([a1]));
    expect(keys(feed)).toEqual(['incident:crit', 'alert:a1', 'missing:crit']);
    expect(feed[2]).toEqual({ kind: 'missing', incidentId: 'crit', count: 2 });
  });
});

describe('held incident feed', () => {
  const a1 = alert({ id: 'a1', level: 'high', lastSeen: NOW - 50 });
  const x = incident({ id: 'x', level: 'high', lastSeen: NOW - 30, alertIds: ['a1'] });
  const y = incident({ id: 'y', level: 'high', lastSeen: NOW - 20, alertIds: [] });
  const expanded = new Set(['x']);
  const basis = [DEFAULT_ALERT_FILTER, expanded];
  const applied: AppliedFeed<IncidentFeedItem> = {
    items: buildIncidentFeed([x, y], expanded, mapOf([a1])),
    basis,
  };

  it('keeps the row order when an incident is updated, showing its latest data in place', () => {
    expect(keys(applied.items)).toEqual(['incident:y', 'incident:x', 'alert:a1']);
    const x2 = { ...x, lastSeen: NOW, alertCount: 9, status: 'acknowledged' as const };
    const a1b = { ...a1, count: 77 };
    const fresh = buildIncidentFeed([x2, y], expanded, mapOf([a1b]));
    expect(keys(fresh)).toEqual(['incident:x', 'alert:a1', 'incident:y']);
    const view = heldItems(applied, fresh, incidentAdapter(mapOf([x2, y]), mapOf([a1b])));
    expect(keys(view.items)).toEqual(['incident:y', 'incident:x', 'alert:a1']);
    expect(view.items[1]).toMatchObject({
      kind: 'incident',
      incident: { alertCount: 9, status: 'acknowledged' },
    });
    expect(view.items[2]).toMatchObject({ kind: 'alert', alert: { count: 77 } });
    expect(view).toMatchObject({ newCount: 0, stale: true });
  });

  it('counts a new incident and a new child alert instead of inserting them above the cursor', () => {
    const a2: Alert = alert({ id: 'a2', level: 'critical', lastSeen: NOW });
    const x2 = { ...x, alertIds: ['a1', 'a2'] };
    const z = incident({ id: 'z', level: 'critical', lastSeen: NOW });
    const fresh = buildIncidentFeed([x2, y, z], expanded, mapOf([a1, a2]));
    const view = heldItems(applied, fresh, incidentAdapter(mapOf([x2, y, z]), mapOf([a1, a2])));
    expect(keys(view.items)).toEqual(['incident:y', 'incident:x', 'alert:a1']);
    expect(view).toMatchObject({ newCount: 2, stale: true });
  });

  it('is not stale when nothing moved, and applies at once when the engineer expands or filters', () => {
    const fresh = buildIncidentFeed([x, y], expanded, mapOf([a1]));
    expect(heldItems(applied, fresh, incidentAdapter(mapOf([x, y]), mapOf([a1])))).toMatchObject({
      newCount: 0,
      stale: false,
    });
    expect(needsApply(applied, [DEFAULT_ALERT_FILTER, expanded])).toBe(false);
    expect(needsApply(applied, [DEFAULT_ALERT_FILTER, new Set(['x', 'y'])])).toBe(true);
    expect(needsApply(applied, [filter({ status: 'snoozed' }), expanded])).toBe(true);
  });
});
