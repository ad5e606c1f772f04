/**
 * Issue 17 item 6: a shown notification stays referenced until it is clicked, closed or fails (a
 * notification held by nobody can be collected before its click arrives), within a bound; item 5:
 * failures are counted with their reason.
 */
import { describe, expect, it, vi } from 'vitest';
import { MAX_LIVE_NOTIFICATIONS, Notifier, type NotificationLike } from '../../electron/main/notifier';

type Listener = (...args: unknown[]) => void;

function fakeNotifications() {
  const made: Array<{ emit(event: string, ...args: unknown[]): void; shown: boolean }> = [];
  const create = (): NotificationLike => {
    const listeners = new Map<string, Listener>();
    const n = {
      shown: false,
      on: (event: string, l: Listener) => listeners.set(event, l),
      show: () => (n.shown = true),
      emit: (event: string, ...args: unknown[]) => listeners.get(event)?.(...args),
    };
    made.push(n);
    return n as unknown as NotificationLike;
  };
  return { made, create };
}

const decision = (alertId: string) => ({
  title: `CRITICAL · ${alertId}`,
  body: 'reason',
  alertId,
  urgency: 'critical' as const,
});

describe('Notifier', () => {
  it('keeps each notification until its click, then reports the alert', () => {
    const { made, create } = fakeNotifications();
    const clicked = vi.fn();
    const notifier = new Notifier(create, clicked);
    notifier.show(decision('a'));
    notifier.show(decision('b'));
    expect(made.every((n) => n.shown)).toBe(true);
    expect(notifier.liveCount()).toBe(2);
    made[1]!.emit('click');
    expect(clicked).toHaveBeenCalledWith('b');
    expect(notifier.liveCount()).toBe(1);
    made[0]!.emit('close');
    expect(notifier.liveCount()).toBe(0);
    expect(clicked).toHaveBeenCalledTimes(1);
  });

  it('holds at most MAX_LIVE_NOTIFICATIONS, forgetting the oldest', () => {
    const { create } = fakeNotifications();
    const notifier = new Notifier(create, () => undefined);
    for (let i = 0; i < MAX_LIVE_NOTIFICATIONS + 10; i++) notifier.show(decision(`a${i}`));
    expect(notifier.liveCount()).toBe(MAX_LIVE_NOTIFICATIONS);
  });

  it('counts failures with their reason and tells its listener', () => {
    const { made, create } = fakeNotifications();
    const failed = vi.fn();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const notifier = new Notifier(create, () => undefined, failed);
    notifier.show(decision('a'));
    made[0]!.emit('failed', {}, 'Notifications are not allowed for this application');
    expect(notifier.liveCount()).toBe(0);
    expect(notifier.failures()).toEqual({
      count: 1,
      last: 'Notifications are not allowed for this application',
    });
    expect(failed).toHaveBeenCalledWith({
      count: 1,
      last: 'Notifications are not allowed for this application',
    });
    warn.mockRestore();
  });
});
