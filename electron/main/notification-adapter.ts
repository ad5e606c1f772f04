/**
 * Decides which native notifications to show for the alerts the engine's notification policy
 * selected. The engine already applies group wait, repeat interval and its per-minute cap; this
 * adapter adds the user's desktop preferences (levels, do-not-disturb, quiet hours) and folds
 * several alerts of one batch into one notification so an incident never floods the desktop.
 */
import type { Alert, NotificationSettings } from '../../core/contract';

export interface DesktopNotification {
  title: string;
  body: string;
  /** The alert a click should focus. */
  alertId: string;
  urgency: 'critical' | 'normal';
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** True when `at` falls in the quiet window, which may wrap past midnight (22:00–07:00). */
export function inQuietHours(settings: NotificationSettings, at: Date): boolean {
  if (!settings.quietHours.enabled) return false;
  const now = at.getHours() * 60 + at.getMinutes();
  const start = minutesOf(settings.quietHours.start);
  const end = minutesOf(settings.quietHours.end);
  return start <= end ? now >= start && now < end : now >= start || now < end;
}

const LEVEL_ORDER: Record<Alert['level'], number> = { critical: 0, high: 1, medium: 2, low: 3 };

export class NotificationAdapter {
  private sentAt: number[] = [];
  suppressed = 0;

  constructor(private settings: NotificationSettings) {}

  update(settings: NotificationSettings): void {
    this.settings = settings;
  }

  /** Returns at most one notification for a batch of selected alerts. */
  decide(alerts: Alert[], now: Date): DesktopNotification | null {
    const s = this.settings;
    const quiet = inQuietHours(s, now);
    const eligible = alerts.filter((a) => {
      if (!s.levels.includes(a.level)) return false;
      if (s.doNotDisturb) return false;
      if (quiet) return s.quietHours.allowCritical && a.level === 'critical';
      return true;
    });
    this.suppressed += alerts.length - eligible.length;
    if (eligible.length === 0) return null;

    const t = now.getTime();
    this.sentAt = this.sentAt.filter((x) => t - x < 60_000);
    if (this.sentAt.length >= s.maxPerMinute) {
      this.suppressed += eligible.length;
      return null;
    }
    this.sentAt.push(t);

    const sorted = [...eligible].sort(
      (a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || b.lastSeen - a.lastSeen,
    );
    const top = sorted[0]!;
    const more = sorted.length - 1;
    const suffix = more > 0 ? `\n+${more} more alert${more > 1 ? 's' : ''}` : '';
    return {
      title: `${top.level.toUpperCase()} · ${top.title}`.slice(0, 120),
      // The "+N more" line must survive the length cap, so the reason is cut, not the suffix.
      body: top.reason.slice(0, 300 - suffix.length) + suffix,
      alertId: top.id,
      urgency: top.level === 'critical' ? 'critical' : 'normal',
    };
  }
}
