/** The renderer's desktop-notification policy (renderer/src/lib/notification-policy.ts): clock parsing, quiet hours and levels. */
import { describe, expect, it } from 'vitest';
import { inQuietHours, parseClock, shouldPopUp } from '../../renderer/src/lib/notification-policy';
import { alert } from './renderer-fixtures';

describe('notification policy', () => {
  const policy = {
    levels: { critical: true, high: true, medium: false, low: false },
    quietHours: { enabled: true, start: '22:00', end: '07:00' },
  };

  it('parses HH:MM and refuses anything else', () => {
    expect(parseClock('07:30')).toBe(450);
    expect(parseClock('24:00')).toBeNull();
    expect(parseClock('7h')).toBeNull();
  });

  it('handles quiet hours spanning midnight and within a day', () => {
    expect(inQuietHours(policy.quietHours, 23 * 60)).toBe(true);
    expect(inQuietHours(policy.quietHours, 6 * 60 + 59)).toBe(true);
    expect(inQuietHours(policy.quietHours, 7 * 60)).toBe(false);
    expect(inQuietHours({ enabled: true, start: '12:00', end: '13:00' }, 12 * 60 + 30)).toBe(true);
    expect(inQuietHours({ ...policy.quietHours, enabled: false }, 23 * 60)).toBe(false);
  });

  it('lets critical alerts through quiet hours, and only enabled levels at all', () => {
    const night = 23 * 60;
    expect(shouldPopUp(policy, alert({ level: 'critical' }), night)).toBe(true);
    expect(shouldPopUp(policy, alert({ level: 'high' }), night)).toBe(false);
    expect(shouldPopUp(policy, alert({ level: 'high' }), 12 * 60)).toBe(true);
    expect(shouldPopUp(policy, alert({ level: 'medium' }), 12 * 60)).toBe(false);
  });
});
