/**
 * Shows native notifications and keeps each one referenced until it is closed: a Notification held
 * only by a local variable can be garbage-collected before the user clicks it, and the click is
 * then lost. The set is bounded (the oldest is forgotten first). A notification the OS refuses
 * (macOS without a signed app, a disabled notification centre) emits `failed`: failures are counted
 * and the last reason kept, so they show in the tray and the log instead of vanishing.
 */
import type { DesktopNotification } from './notification-adapter';

export interface NotificationLike {
  on(event: 'click' | 'close', listener: () => void): unknown;
  on(event: 'failed', listener: (event: unknown, error: string) => void): unknown;
  show(): void;
}

export type CreateNotification = (options: {
  title: string;
  body: string;
  urgency: 'critical' | 'normal';
}) => NotificationLike;

export interface NotificationFailures {
  count: number;
  last: string | null;
}

export const MAX_LIVE_NOTIFICATIONS = 64;

export class Notifier {
  private readonly live = new Set<NotificationLike>();
  private readonly failed: NotificationFailures = { count: 0, last: null };

  constructor(
    private readonly create: CreateNotification,
    private readonly onClick: (alertId: string) => void,
    private readonly onFailed: (failures: NotificationFailures) => void = () => undefined,
  ) {}

  show(decision: DesktopNotification): void {
    const n = this.create({ title: decision.title, body: decision.body, urgency: decision.urgency });
    if (this.live.size >= MAX_LIVE_NOTIFICATIONS) {
      const oldest = this.live.values().next();
      if (!oldest.done) this.live.delete(oldest.value);
    }
    this.live.add(n);
    n.on('click', () => {
      this.live.delete(n);
      this.onClick(decision.alertId);
    });
    n.on('close', () => this.live.delete(n));
    n.on('failed', (_event, error) => {
      this.live.delete(n);
      this.failed.count += 1;
      this.failed.last = String(error).slice(0, 300);
      console.warn(`[vigil] notification failed: ${this.failed.last}`);
      this.onFailed(this.failures());
    });
    n.show();
  }

  /** Notifications shown and not yet clicked, closed or failed. */
  liveCount(): number {
    return this.live.size;
  }

  failures(): NotificationFailures {
    return { ...this.failed };
  }
}
