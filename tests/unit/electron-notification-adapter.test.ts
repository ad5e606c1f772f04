import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { NotificationSettings } from '../../core/contract';
import { NotificationAdapter } from '../../electron/main/notification-adapter';
import { makeAlert } from './engine-fixtures';

/** Local wall-clock time: quiet hours are in the user's own time zone. */
const at = (hours: number, minutes = 0, seconds = 0): Date => new Date(2026, 0, 15, hours, minutes, seconds);

const settings = (overrides: z.input<typeof NotificationSettings> = {}) =>
  NotificationSettings.parse(overrides);
const quiet = (start: string, end: string, allowCritical = true) =>
  settings({ quietHours: { enabled: true, start, end, allowCritical } });

describe('NotificationAdapter', () => {
  it('notifies only the configured levels and counts the rest as suppressed', () => {
    const adapter = new NotificationAdapter(settings({ levels: ['critical', 'high'] }));
    expect(
      adapter.decide([makeAlert('m', { level: 'medium' }), makeAlert('l', { level: 'low' })], at(12)),
    ).toBeNull();
    expect(adapter.suppressed).toBe(2);
    expect(adapter.decide([makeAlert('h', { level: 'high' })], at(12))?.alertId).toBe('h');
    expect(adapter.suppressed).toBe(2);
  });

  it('shows nothing in do-not-disturb, not even critical alerts', () => {
    const adapter = new NotificationAdapter(settings({ doNotDisturb: true }));
    expect(adapter.decide([makeAlert('c', { level: 'critical' })], at(12))).toBeNull();
    expect(adapter.suppressed).toBe(1);
  });

  it('lets only critical alerts through quiet hours past midnight when allowCritical is on', () => {
    const adapter = new NotificationAdapter(quiet('22:00', '07:00', true));
    const alerts = [makeAlert('h', { level: 'high' }), makeAlert('c', { level: 'critical' })];
    const night = adapter.decide(alerts, at(2, 30));
    expect(night?.alertId).toBe('c');
    expect(night?.body).not.toContain('more');
    expect(adapter.suppressed).toBe(1);
    // Outside quiet hours both are eligible again.
    expect(adapter.decide(alerts, at(9))?.body).toContain('+1 more alert');
  });

  it('silences critical alerts in quiet hours when allowCritical is off', () => {
    const adapter = new NotificationAdapter(quiet('22:00', '07:00', false));
    expect(adapter.decide([makeAlert('c', { level: 'critical' })], at(23))).toBeNull();
    expect(adapter.suppressed).toBe(1);
  });

  it('caps notifications per minute and counts what it holds back', () => {
    const adapter = new NotificationAdapter(settings({ maxPerMinute: 2 }));
    const batch = (id: string) => [makeAlert(`${id}1`), makeAlert(`${id}2`)];
    expect(adapter.decide(batch('a'), at(12, 0, 0))).not.toBeNull();
    expect(adapter.decide(batch('b'), at(12, 0, 10))).not.toBeNull();
    expect(adapter.decide(batch('c'), at(12, 0, 59))).toBeNull();
    expect(adapter.suppressed).toBe(2);
    // A minute after the first one, there is room again.
    expect(adapter.decide(batch('d'), at(12, 1, 0))).not.toBeNull();
    expect(adapter.suppressed).toBe(2);
  });

  it('folds a batch into one notification about the worst, most recent alert, with "+N more"', () => {
    const adapter = new NotificationAdapter(settings({ levels: ['critical', 'high', 'medium'] }));
    const n = adapter.decide(
      [
        makeAlert('old-critical', {
          level: 'critical',
          lastSeen: 100,
          title: 'Disk failing',
          reason: 'sda errors',
        }),
        makeAlert('high', { level: 'high', lastSeen: 500 }),
        makeAlert('new-critical', {
          level: 'critical',
          lastSeen: 300,
          title: 'Brute force',
          reason: '50 failed logins',
        }),
        makeAlert('medium', { level: 'medium', lastSeen: 900 }),
      ],
      at(12),
    );
    expect(n).toEqual({
      title: 'CRITICAL · Brute force',
      body: '50 failed logins\n+3 more alerts',
      alertId: 'new-critical',
      urgency: 'critical',
    });
  });

  it('marks non-critical notifications as normal urgency', () => {
    const adapter = new NotificationAdapter(settings());
    const n = adapter.decide([makeAlert('h', { level: 'high', title: 'Errors', reason: 'db down' })], at(12));
    expect(n).toMatchObject({ urgency: 'normal', title: 'HIGH · Errors', body: 'db down' });
  });

  it('bounds title and body, keeping the "+N more" line', () => {
    const adapter = new NotificationAdapter(settings());
    // A reason as the security-burst rule writes it (293 characters).
    const reason =
      '11 security failures (failed logins, invalid users, authentication failures) on sshd within 60 s, ' +
      'above the limit of 10. Latest: "Failed password for invalid user webmaster from 173.234.31.186 port 38926 ssh2". ' +
      'Check the source addresses in the samples and block them if they are not expected.';
    const n = adapter.decide(
      [
        makeAlert('a', { level: 'critical', title: 'x'.repeat(1000), reason }),
        makeAlert('b'),
        makeAlert('c'),
      ],
      at(12),
    );
    expect(n!.title.length).toBeLessThanOrEqual(120);
    expect(n!.body.length).toBeLessThanOrEqual(300);
    expect(n!.body).toContain('+2 more alerts');
  });

  it('applies updated settings', () => {
    const adapter = new NotificationAdapter(settings());
    adapter.update(settings({ doNotDisturb: true }));
    expect(adapter.decide([makeAlert('c', { level: 'critical' })], at(12))).toBeNull();
  });
});
