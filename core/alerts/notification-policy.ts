/**
 * Which alerts become native notifications, and when. Pure logic on an injected clock.
 *
 *  - Levels: only `levels` notify (default critical and high); acknowledged, resolved and snoozed
 *    alerts never do.
 *  - Group wait: the first notification of a fingerprint waits `groupWaitMs`, so a burst arrives as
 *    one notification carrying the count collected meanwhile.
 *  - Repeat interval: after a notification, the fingerprint stays quiet for `repeatIntervalMs`,
 *    unless it escalates to a higher level (then it notifies at the next flush). A reopened alert
 *    (it was resolved) starts afresh, group wait included: it is a new episode.
 *  - Rate cap: at most `maxPerMinute` notifications in any 60 s; the rest are counted as suppressed
 *    (most severe first when several are due at once).
 *  - Quiet hours / do-not-disturb: only critical passes (`quietAllows: 'critical'`) or nothing
 *    (`'none'`); what is held back is counted as suppressed. A suppressed alert is not marked as
 *    notified, so its next occurrence may notify once the cap or the quiet hours allow.
 */
import { inQuietWindow, minuteOfDay, type Alert, type AlertLevel } from '../contract';
import { levelRank } from './candidate';
import { copyAlert } from './alert-store';

export interface QuietHours {
  /** Minutes after local midnight, e.g. 22 * 60. */
  startMinute: number;
  /** Minutes after local midnight (exclusive), e.g. 7 * 60; may be before start (crosses midnight). */
  endMinute: number;
  /** Offset of the local time from UTC in minutes; null uses the machine's time zone. */
  utcOffsetMinutes: number | null;
}

export interface NotificationPolicyOptions {
  levels: AlertLevel[];
  groupWaitMs: number;
  repeatIntervalMs: number;
  maxPerMinute: number;
  quietHours: QuietHours | null;
  doNotDisturb: boolean;
  quietAllows: 'critical' | 'none';
  /** Most fingerprints waiting or remembered; beyond it the oldest are forgotten. */
  maxTracked: number;
}

export const DEFAULT_NOTIFICATION_POLICY: NotificationPolicyOptions = {
  levels: ['critical', 'high'],
  groupWaitMs: 30_000,
  repeatIntervalMs: 4 * 3600_000,
  maxPerMinute: 5,
  quietHours: null,
  doNotDisturb: false,
  quietAllows: 'critical',
  maxTracked: 10_000,
};

interface Pending {
  alert: Alert;
  dueAt: number;
}

interface Sent {
  at: number;
  level: AlertLevel;
}

export interface FlushResult {
  notify: Alert[];
  suppressed: number;
}

export class NotificationPolicy {
  private options: NotificationPolicyOptions;
  private levels: Set<AlertLevel>;
  private readonly pending = new Map<string, Pending>();
  private readonly sent = new Map<string, Sent>();
  /** Times of the notifications sent in the last minute, oldest first. */
  private recent: number[] = [];
  private suppressedSinceFlush = 0;
  private suppressedTotal = 0;

  constructor(options: Partial<NotificationPolicyOptions> = {}) {
    this.options = { ...DEFAULT_NOTIFICATION_POLICY, ...options };
    this.levels = new Set(this.options.levels);
  }

  configure(options: Partial<NotificationPolicyOptions>): void {
    this.options = { ...this.options, ...options };
    this.levels = new Set(this.options.levels);
  }

  get settings(): Readonly<NotificationPolicyOptions> {
    return this.options;
  }

  /**
   * Considers an alert that just had an occurrence (or changed); `reopened` when it had been
   * resolved. Cheap when the alert is not eligible.
   */
  offer(alert: Alert, now: number, reopened = false): void {
    if (reopened) this.sent.delete(alert.fingerprint);
    if (!this.eligible(alert, now)) return;
    const waiting = this.pending.get(alert.fingerprint);
    if (waiting !== undefined) {
      waiting.alert = alert;
      return;
    }
    const last = this.sent.get(alert.fingerprint);
    let dueAt: number;
    if (last === undefined) dueAt = now + this.options.groupWaitMs;
    else if (levelRank(alert.level) > levelRank(last.level) || now - last.at >= this.options.repeatIntervalMs)
      dueAt = now;
    else return;
    if (this.pending.size >= this.options.maxTracked) {
      this.suppress();
      return;
    }
    this.pending.set(alert.fingerprint, { alert, dueAt });
  }

  /** Drops a notification still waiting (its incident was acknowledged, snoozed or resolved meanwhile). */
  withdraw(fingerprint: string): void {
    this.pending.delete(fingerprint);
  }

  /** Notifications due at `now`, and how many were suppressed since the previous flush. */
  flush(now: number): FlushResult {
    const due: Pending[] = [];
    for (const [fingerprint, p] of this.pending) {
      if (p.dueAt > now) continue;
      this.pending.delete(fingerprint);
      due.push(p);
    }
    due.sort((x, y) => levelRank(y.alert.level) - levelRank(x.alert.level) || x.dueAt - y.dueAt);

    while (this.recent.length > 0 && (this.recent[0] ?? 0) <= now - 60_000) this.recent.shift();
    const quiet = this.isQuiet(now);
    const notify: Alert[] = [];
    for (const { alert } of due) {
      // The alert may have been acknowledged, snoozed or resolved while it waited.
      if (!this.eligible(alert, now)) continue;
      if (quiet && !(this.options.quietAllows === 'critical' && alert.level === 'critical')) {
        this.suppress();
        continue;
      }
      if (this.recent.length >= this.options.maxPerMinute) {
        this.suppress();
        continue;
      }
      this.recent.push(now);
      this.remember(alert.fingerprint, { at: now, level: alert.level });
      notify.push(copyAlert(alert));
    }
    const suppressed = this.suppressedSinceFlush;
    this.suppressedSinceFlush = 0;
    return { notify, suppressed };
  }

  /** True when quiet hours or do-not-disturb are in force at `now`. */
  isQuiet(now: number): boolean {
    if (this.options.doNotDisturb) return true;
    const q = this.options.quietHours;
    if (q === null) return false;
    return inQuietWindow(q.startMinute, q.endMinute, minuteOfDay(now, q.utcOffsetMinutes));
  }

  stats(): { pending: number; suppressedTotal: number } {
    return { pending: this.pending.size, suppressedTotal: this.suppressedTotal };
  }

  private eligible(alert: Alert, now: number): boolean {
    return (
      this.levels.has(alert.level) &&
      alert.status === 'open' &&
      (alert.snoozedUntil === null || alert.snoozedUntil <= now)
    );
  }

  private suppress(): void {
    this.suppressedSinceFlush += 1;
    this.suppressedTotal += 1;
  }

  private remember(fingerprint: string, sent: Sent): void {
    this.sent.delete(fingerprint);
    if (this.sent.size >= this.options.maxTracked) {
      const oldest = this.sent.keys().next();
      if (!oldest.done) this.sent.delete(oldest.value);
    }
    this.sent.set(fingerprint, sent);
  }
}
