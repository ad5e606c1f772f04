/** The renderer's alert feed (renderer/src/lib/alert-feed.ts): effective status, filtering and grouping. */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ALERT_FILTER,
  buildAlertFeed,
  effectiveStatus,
  filterAlerts,
} from '../../renderer/src/lib/alert-feed';
import { alert } from './renderer-fixtures';

const NOW = 1_700_000_100_000;

describe('alert feed', () => {
  const alerts = [
    alert({ id: 'crit', level: 'critical', trigger: 'system_error', service: 'db', lastSeen: NOW - 10 }),
    alert({ id: 'high', level: 'high', trigger: 'security', service: 'sshd', lastSeen: NOW - 5 }),
    alert({ id: 'ack', level: 'low', status: 'acknowledged', service: null, lastSeen: NOW - 1 }),
    alert({ id: 'snoozed', level: 'high', snoozedUntil: NOW + 60_000, lastSeen: NOW }),
    alert({ id: 'snooze-over', level: 'medium', service: 'cron', snoozedUntil: NOW - 1, lastSeen: NOW - 20 }),
    alert({ id: 'done', level: 'critical', status: 'resolved', lastSeen: NOW }),
  ];

  it('derives snoozed from snoozedUntil, and resolved wins over it', () => {
    expect(effectiveStatus(alerts[3]!, NOW)).toBe('snoozed');
    expect(effectiveStatus(alerts[4]!, NOW)).toBe('open');
    expect(effectiveStatus(alert({ status: 'resolved', snoozedUntil: NOW + 1 }), NOW)).toBe('resolved');
  });

  it('shows active alerts (open or acknowledged, not snoozed) by default', () => {
    const ids = filterAlerts(alerts, DEFAULT_ALERT_FILTER, NOW).map((a) => a.id);
    expect(ids.sort()).toEqual(['ack', 'crit', 'high', 'snooze-over']);
  });

  it('filters by level, trigger, service substring and status', () => {
    const pick = (filter: Partial<typeof DEFAULT_ALERT_FILTER>) =>
      filterAlerts(alerts, { ...DEFAULT_ALERT_FILTER, ...filter }, NOW).map((a) => a.id);
    expect(pick({ levels: ['critical'], status: 'all' }).sort()).toEqual(['crit', 'done']);
    expect(pick({ trigger: 'system_error' })).toEqual(['crit']);
    expect(pick({ service: 'SSH' })).toEqual(['high']);
    expect(pick({ status: 'snoozed' })).toEqual(['snoozed']);
    expect(pick({ status: 'resolved' })).toEqual(['done']);
  });

  it('groups in the natural order with counts, most recent first inside a group', () => {
    const feed = buildAlertFeed(alerts, 'level', NOW);
    const shape = feed.map((item) => (item.kind === 'group' ? `[${item.key}:${item.count}]` : item.alert.id));
    expect(shape).toEqual([
      '[critical:2]',
      'done',
      'crit',
      '[high:2]',
      'snoozed',
      'high',
      '[medium:1]',
      'snooze-over',
      '[low:1]',
      'ack',
    ]);
  });

  it('groups services alphabetically with the unnamed last, and lists by recency without grouping', () => {
    const byService = buildAlertFeed(alerts.slice(0, 3), 'service', NOW).filter(
      (item) => item.kind === 'group',
    );
    expect(byService.map((item) => (item.kind === 'group' ? item.label : ''))).toEqual([
      'db',
      'sshd',
      'no service',
    ]);
    const flat = buildAlertFeed(alerts.slice(0, 3), 'none', NOW).map((item) =>
      item.kind === 'alert' ? item.alert.id : '',
    );
    expect(flat).toEqual(['ack', 'high', 'crit']);
  });
});
