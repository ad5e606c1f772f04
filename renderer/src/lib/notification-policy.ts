/**
 * Whether an alert the engine selected for notification should also pop up in this window, given
 * the policy set in Settings: enabled levels, and quiet hours (local time, may span midnight).
 */
import type { Alert } from '../../../core/contract';
import type { NotificationPolicy } from '../stores/settings';

/** "HH:MM" → minutes after midnight, or null when malformed. */
export function parseClock(text: string): number | null {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 60 + Number(match[2]);
}

/** True when `minutes` (after local midnight) falls in [start, end), wrapping past midnight. */
export function inQuietHours(policy: NotificationPolicy['quietHours'], minutes: number): boolean {
  if (!policy.enabled) return false;
  const start = parseClock(policy.start);
  const end = parseClock(policy.end);
  if (start === null || end === null || start === end) return false;
  return start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

export function shouldPopUp(policy: NotificationPolicy, alert: Alert, localMinutes: number): boolean {
  // Critical alerts break through quiet hours: that is what quiet hours are for in ops tools.
  if (!policy.levels[alert.level]) return false;
  return alert.level === 'critical' || !inQuietHours(policy.quietHours, localMinutes);
}
