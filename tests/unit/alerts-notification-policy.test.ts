import { describe, expect, it } from 'vitest';
import type { Alert } from '../../core/contract';
import { NotificationPolicy } from '../../core/alerts/notification-policy';
import { minuteOfDay } from '../../core/contract';

function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'al-1',
    fingerprint: 'security|t1|sshd',
    level: 'high',
    trigger: 'security',
    title: 'Security failure on sshd',
    reason: 'failed password',
    count: 1,
    firstSeen: 0,
    lastSeen: 0,
    status: 'open',
    snoozedUntil: null,
    service: 'sshd',
    topic: 'security',
    templateId: 't1',
    template: 'Failed password for <*>',
    samples: [],
    ...overrides,
  };
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe('NotificationPolicy', () => {
  it('notifies only the configured levels', () => {
    const p = new NotificationPolicy({ groupWaitMs: 0 });
    p.offer(alert({ fingerprint: 'a', level: 'medium' }), 0);
    p.offer(alert({ fingerprint: 'b', level: 'low' }), 0);
    p.offer(alert({ fingerprint: 'c', level: 'critical' }), 0);
    expect(p.flush(0).notify.map((a) => a.fingerprint)).toEqual(['c']);
  });

  it('waits the group wait before the first notification and sends the latest state', () => {
    const p = new NotificationPolicy({ groupWaitMs: 30 * SECOND });
    p.offer(alert({ count: 1 }), 0);
    p.offer(alert({ count: 7 }), 10 * SECOND);
    expect(p.flush(29 * SECOND).notify).toEqual([]);
    const { notify } = p.flush(30 * SECOND);
    expect(notify.map((a) => a.count)).toEqual([7]);
  });

  it('stays quiet for the repeat interval, except on escalation', () => {
    const p = new NotificationPolicy({ groupWaitMs: 0, repeatIntervalMs: 60 * MINUTE });
    p.offer(alert(), 0);
    expect(p.flush(0).notify).toHaveLength(1);
    p.offer(alert({ count: 2 }), 10 * MINUTE);
    expect(p.flush(10 * MINUTE).notify).toHaveLength(0);
    p.offer(alert({ level: 'critical', count: 3 }), 20 * MINUTE);
    expect(p.flush(20 * MINUTE).notify.map((a) => a.level)).toEqual(['critical']);
    p.offer(alert({ level: 'critical', count: 4 }), 79 * MINUTE);
    expect(p.flush(79 * MINUTE).notify).toHaveLength(0);
    p.offer(alert({ level: 'critical', count: 5 }), 80 * MINUTE);
    expect(p.flush(80 * MINUTE).notify.map((a) => a.count)).toEqual([5]);
  });

  it('treats a reopened alert as a new episode', () => {
    const p = new NotificationPolicy({ groupWaitMs: 10 * SECOND, repeatIntervalMs: 60 * MINUTE });
    p.offer(alert(), 0);
    expect(p.flush(10 * SECOND).notify).toHaveLength(1);
    p.offer(alert({ count: 2 }), 40 * MINUTE, true);
    expect(p.flush(40 * MINUTE).notify).toHaveLength(0); // group wait again
    expect(p.flush(40 * MINUTE + 10 * SECOND).notify.map((a) => a.count)).toEqual([2]);
  });

  it('caps notifications per minute, most severe first, and counts the suppressed', () => {
    const p = new NotificationPolicy({ groupWaitMs: 0, maxPerMinute: 5 });
    for (let i = 0; i < 7; i++)
      p.offer(alert({ fingerprint: `f${i}`, level: i === 6 ? 'critical' : 'high' }), 0);
    const first = p.flush(0);
    expect(first.notify).toHaveLength(5);
    expect(first.notify[0]?.level).toBe('critical');
    expect(first.suppressed).toBe(2);
    expect(p.flush(1).suppressed).toBe(0); // reported once

    p.offer(alert({ fingerprint: 'g' }), 30 * SECOND);
    expect(p.flush(30 * SECOND)).toEqual({ notify: [], suppressed: 1 });
    p.offer(alert({ fingerprint: 'h' }), 60 * SECOND);
    expect(p.flush(60 * SECOND).notify.map((a) => a.fingerprint)).toEqual(['h']);
  });

  it('lets a cap-suppressed alert notify on a later occurrence', () => {
    const p = new NotificationPolicy({ groupWaitMs: 0, maxPerMinute: 1 });
    p.offer(alert({ fingerprint: 'a' }), 0);
    p.offer(alert({ fingerprint: 'b' }), 0);
    expect(p.flush(0)).toMatchObject({ suppressed: 1 });
    p.offer(alert({ fingerprint: 'a' }), MINUTE);
    p.offer(alert({ fingerprint: 'b' }), MINUTE);
    // 'a' was notified and is inside its repeat interval; 'b' was suppressed, so it was never
    // marked as notified and its next occurrence goes through.
    expect(p.flush(MINUTE).notify.map((a) => a.fingerprint)).toEqual(['b']);
  });

  it('drops alerts acknowledged, snoozed or resolved while waiting, without counting them', () => {
    const p = new NotificationPolicy({ groupWaitMs: 10 * SECOND });
    const live = alert();
    p.offer(live, 0);
    live.status = 'acknowledged';
    expect(p.flush(10 * SECOND)).toEqual({ notify: [], suppressed: 0 });

    p.offer(alert({ snoozedUntil: 5 * MINUTE }), 0);
    expect(p.flush(10 * SECOND).notify).toEqual([]);
  });

  it('in quiet hours lets only critical through (or nothing), counting the rest', () => {
    const quietHours = { startMinute: 22 * 60, endMinute: 7 * 60, utcOffsetMinutes: 0 };
    const at = (h: number) => Date.UTC(2025, 0, 1, h, 0);
    const p = new NotificationPolicy({ groupWaitMs: 0, quietHours, quietAllows: 'critical' });
    p.offer(alert({ fingerprint: 'h', level: 'high' }), at(23));
    p.offer(alert({ fingerprint: 'c', level: 'critical' }), at(23));
    expect(p.flush(at(23))).toMatchObject({ suppressed: 1 });

    const none = new NotificationPolicy({ groupWaitMs: 0, quietHours, quietAllows: 'none' });
    none.offer(alert({ fingerprint: 'c', level: 'critical' }), at(3));
    expect(none.flush(at(3))).toEqual({ notify: [], suppressed: 1 });
    none.offer(alert({ fingerprint: 'c', level: 'critical' }), at(7));
    expect(none.flush(at(7)).notify).toHaveLength(1);
  });

  it('do-not-disturb works like quiet hours at any time', () => {
    const p = new NotificationPolicy({ groupWaitMs: 0, doNotDisturb: true });
    p.offer(alert({ fingerprint: 'h', level: 'high' }), 0);
    p.offer(alert({ fingerprint: 'c', level: 'critical' }), 0);
    const { notify, suppressed } = p.flush(0);
    expect([notify.map((a) => a.fingerprint), suppressed]).toEqual([['c'], 1]);
    p.configure({ doNotDisturb: false });
    expect(p.isQuiet(0)).toBe(false);
  });

  it('computes local minute of day with an explicit offset', () => {
    expect(minuteOfDay(Date.UTC(2025, 0, 1, 23, 30), 0)).toBe(23 * 60 + 30);
    expect(minuteOfDay(Date.UTC(2025, 0, 1, 23, 30), 120)).toBe(90);
    expect(minuteOfDay(Date.UTC(2025, 0, 1, 0, 30), -60)).toBe(23 * 60 + 30);
  });
});
