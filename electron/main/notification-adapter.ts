/**
 * Decides which native notifications to show for the alerts the engine's notification policy
 * selected. The engine already applies group wait, repeat interval and its own cap; this adapter
 * applies the user's preferences through the shared policy (core/contract/notification-policy.ts:
 * levels, do-not-disturb, quiet hours, the per-minute cap from Settings) and folds several alerts of
 * one batch into one notification so an incident never floods the desktop.
 */
import {
  minuteOfDay,
  notificationVerdict,
  rateWindow,
  type Alert,
  type NotificationSettings,
} from '../../core/contract';

export interface DesktopNotification {
  title: string;
  body: string;
  /** The alert a click should focus. */
  alertId: string;
  urgency: 'critical' | 'normal';
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
    const t = now.getTime();
    const minute = minuteOfDay(t);
    const eligible = alerts.filter((a) => notificationVerdict(s, a.level, minute) === 'notify');
    this.suppressed += alerts.length - eligible.length;
    if (eligible.length === 0) return null;

    const { recent, allowed } = rateWindow(this.sentAt, t, s.maxPerMinute);
    this.sentAt = recent;
    if (!allowed) {
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
