/**
 * The one notification policy for the user's preferences (levels, do-not-disturb, quiet hours,
 * the per-minute cap), shared by the engine, Electron main and the window: pure functions on
 * plain values, no clock and no Node. The engine's selection (group wait, repeat interval, its
 * own cap) is in core/alerts/notification-policy.ts and uses the same quiet-window rule.
 */
import type { AlertLevel } from './data';
import type { NotificationSettings } from './settings';

/** "HH:MM" (24 h) → minutes after midnight, or null when malformed. */
export function parseClock(text: string): number | null {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Minutes since local midnight at `now` (ms); `utcOffsetMinutes` null means the machine's zone. */
export function minuteOfDay(now: number, utcOffsetMinutes: number | null = null): number {
  if (utcOffsetMinutes === null) {
    const d = new Date(now);
    return d.getHours() * 60 + d.getMinutes();
  }
  const minutes = Math.floor(now / 60_000) + utcOffsetMinutes;
  return ((minutes % 1440) + 1440) % 1440;
}

/** True when `minute` is in [start, end), wrapping past midnight (22:00–07:00); empty when start = end. */
export function inQuietWindow(startMinute: number, endMinute: number, minute: number): boolean {
  if (startMinute === endMinute) return false;
  return startMinute < endMinute
    ? minute >= startMinute && minute < endMinute
    : minute >= startMinute || minute < endMinute;
}

/** Quiet hours as Settings stores them; malformed clocks mean no quiet window. */
export function inQuietHours(quiet: NotificationSettings['quietHours'], minute: number): boolean {
  if (!quiet.enabled) return false;
  const start = parseClock(quiet.start);
  const end = parseClock(quiet.end);
  return start !== null && end !== null && inQuietWindow(start, end, minute);
}

export type NotificationVerdict = 'notify' | 'level-off' | 'do-not-disturb' | 'quiet-hours';

export type NotificationPreferences = Pick<NotificationSettings, 'levels' | 'doNotDisturb' | 'quietHours'>;

/**
 * Whether an alert of `level` may notify at local `minute`: only the chosen levels; nothing under
 * do-not-disturb; during quiet hours only critical, and only if `allowCritical`.
 */
export function notificationVerdict(
  preferences: NotificationPreferences,
  level: AlertLevel,
  minute: number,
): NotificationVerdict {
  if (!preferences.levels.includes(level)) return 'level-off';
  if (preferences.doNotDisturb) return 'do-not-disturb';
  if (inQuietHours(preferences.quietHours, minute))
    return preferences.quietHours.allowCritical && level === 'critical' ? 'notify' : 'quiet-hours';
  return 'notify';
}

/**
 * The per-minute cap over the times (ms, oldest first) of the notifications already sent: the times
 * still inside the last minute, and whether one more may go out at `now`.
 */
export function rateWindow(
  sentAt: readonly number[],
  now: number,
  maxPerMinute: number,
): { recent: number[]; allowed: boolean } {
  const recent = sentAt.filter((t) => now - t < 60_000);
  return { recent, allowed: recent.length < maxPerMinute };
}
