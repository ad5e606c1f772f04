/**
 * The one notification policy (core/contract/notification-policy.ts) that the engine, Electron
 * main and the window all use: clocks, the quiet window, the verdict for a level, the rate cap.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  inQuietHours,
  inQuietWindow,
  minuteOfDay,
  NotificationSettings,
  notificationVerdict,
  parseClock,
  rateWindow,
} from '../../core/contract';

const settings = (overrides: z.input<typeof NotificationSettings> = {}) =>
  NotificationSettings.parse(overrides);
const quiet = (start: string, end: string, allowCritical = true) =>
  settings({ quietHours: { enabled: true, start, end, allowCritical } });
const hm = (h: number, m = 0) => h * 60 + m;

describe('clocks', () => {
  it('parses HH:MM and refuses anything else', () => {
    expect(parseClock('07:30')).toBe(450);
    expect(parseClock(' 7:05 ')).toBe(425);
    expect(parseClock('24:00')).toBeNull();
    expect(parseClock('12:60')).toBeNull();
    expect(parseClock('7h')).toBeNull();
  });

  it('gives the minute of the day in a fixed offset', () => {
    expect(minuteOfDay(Date.UTC(2025, 0, 1, 23, 30), 0)).toBe(hm(23, 30));
    expect(minuteOfDay(Date.UTC(2025, 0, 1, 23, 30), 120)).toBe(hm(1, 30));
    expect(minuteOfDay(Date.UTC(2025, 0, 1, 0, 30), -60)).toBe(hm(23, 30));
  });

  it("uses the machine's zone without an offset", () => {
    const local = new Date(2026, 0, 15, 14, 45);
    expect(minuteOfDay(local.getTime())).toBe(hm(14, 45));
  });
});

describe('quiet hours', () => {
  it('wrap past midnight', () => {
    const q = quiet('22:00', '07:00').quietHours;
    for (const [minute, expected] of [
      [hm(21, 59), false],
      [hm(22), true],
      [hm(23, 59), true],
      [hm(0), true],
      [hm(6, 59), true],
      [hm(7), false],
      [hm(12), false],
    ] as const)
      expect(inQuietHours(q, minute), `${minute}`).toBe(expected);
  });

  it('work within one day, and an empty window is never quiet', () => {
    const q = quiet('13:00', '14:30').quietHours;
    expect(inQuietHours(q, hm(12, 59))).toBe(false);
    expect(inQuietHours(q, hm(13))).toBe(true);
    expect(inQuietHours(q, hm(14, 29))).toBe(true);
    expect(inQuietHours(q, hm(14, 30))).toBe(false);
    expect(inQuietWindow(hm(9), hm(9), hm(9))).toBe(false);
  });

  it('are off when disabled or malformed', () => {
    expect(inQuietHours(settings().quietHours, hm(3))).toBe(false);
    expect(inQuietHours({ enabled: true, start: '25:00', end: '07:00', allowCritical: true }, hm(3))).toBe(
      false,
    );
  });
});

describe('notificationVerdict', () => {
  it('passes only the chosen levels', () => {
    const s = settings({ levels: ['critical', 'high'] });
    expect(notificationVerdict(s, 'high', hm(12))).toBe('notify');
    expect(notificationVerdict(s, 'medium', hm(12))).toBe('level-off');
  });

  it('passes nothing under do-not-disturb, not even critical', () => {
    expect(notificationVerdict(settings({ doNotDisturb: true }), 'critical', hm(12))).toBe('do-not-disturb');
  });

  it('lets critical through quiet hours only when allowCritical is on', () => {
    expect(notificationVerdict(quiet('22:00', '07:00', true), 'critical', hm(2))).toBe('notify');
    expect(notificationVerdict(quiet('22:00', '07:00', true), 'high', hm(2))).toBe('quiet-hours');
    expect(notificationVerdict(quiet('22:00', '07:00', false), 'critical', hm(2))).toBe('quiet-hours');
    expect(notificationVerdict(quiet('22:00', '07:00', false), 'high', hm(9))).toBe('notify');
  });
});

describe('rateWindow', () => {
  it('allows maxPerMinute in any 60 s and forgets older sends', () => {
    expect(rateWindow([], 0, 2)).toEqual({ recent: [], allowed: true });
    expect(rateWindow([0, 10_000], 59_999, 2)).toEqual({ recent: [0, 10_000], allowed: false });
    expect(rateWindow([0, 10_000], 60_000, 2)).toEqual({ recent: [10_000], allowed: true });
  });
});
