import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventBatch, type EngineEvent } from '../../core/contract';
import { EventBatcher } from '../../core/engine/event-batcher';
import { makeAlert, makeLiveLog, makeModels, makePattern, makeStatus } from './engine-fixtures';

function eventOf<T extends EngineEvent['type']>(
  batch: EventBatch | null,
  type: T,
): Extract<EngineEvent, { type: T }> | undefined {
  return batch?.events.find((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
}

function batcherWithListener(options: ConstructorParameters<typeof EventBatcher>[1] = {}) {
  let processed = 0;
  const batcher = new EventBatcher(() => makeStatus(processed), options);
  const received: EventBatch[] = [];
  batcher.subscribe((batch) => received.push(batch));
  return {
    batcher,
    received,
    setProcessed: (n: number) => {
      processed = n;
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('EventBatcher', () => {
  it('delivers one batch per flush carrying the current status, with increasing seq', () => {
    const { batcher, received, setProcessed } = batcherWithListener();
    setProcessed(7);
    const first = batcher.flush();
    setProcessed(9);
    const second = batcher.flush();
    expect(received).toEqual([first, second]);
    expect(eventOf(first, 'status')?.status.stats.processed).toBe(7);
    expect(eventOf(second, 'status')?.status.stats.processed).toBe(9);
    expect(second!.seq).toBeGreaterThan(first!.seq);
    // Nothing pending: the batch carries only the status.
    expect(second!.events.map((e) => e.type)).toEqual(['status']);
    expect(() => EventBatch.parse(first)).not.toThrow();
  });

  it('upserts alerts by id: the latest version of each alert, once', () => {
    const { batcher } = batcherWithListener();
    batcher.pushAlerts([makeAlert('a1', { count: 1 }), makeAlert('a2')]);
    batcher.pushAlerts([makeAlert('a1', { count: 5 })]);
    const alerts = eventOf(batcher.flush(), 'alerts')?.alerts ?? [];
    expect(alerts.map((a) => a.id).sort()).toEqual(['a1', 'a2']);
    expect(alerts.find((a) => a.id === 'a1')?.count).toBe(5);
    // Delivered alerts are not repeated in the next batch.
    expect(eventOf(batcher.flush(), 'alerts')).toBeUndefined();
  });

  it('carries at most maxAlertsPerBatch alerts and keeps the rest for the next batches', () => {
    const { batcher } = batcherWithListener({ maxAlertsPerBatch: 2 });
    batcher.pushAlerts(['a', 'b', 'c', 'd', 'e'].map((id) => makeAlert(id)));
    const sizes: number[] = [];
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      const alerts = eventOf(batcher.flush(), 'alerts')?.alerts ?? [];
      sizes.push(alerts.length);
      seen.push(...alerts.map((a) => a.id));
    }
    expect(sizes).toEqual([2, 2, 1, 0]);
    expect(seen.sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('bounds the live-tail rows to maxLogsPerBatch, keeping the newest and counting the dropped', () => {
    const { batcher } = batcherWithListener({ maxLogsPerBatch: 3 });
    batcher.pushLogs([0, 1, 2].map((n) => makeLiveLog(n)));
    batcher.pushLogs([3, 4].map((n) => makeLiveLog(n)));
    batcher.countDroppedLogs(4);
    const logs = eventOf(batcher.flush(), 'logs');
    expect(logs?.logs.map((l) => l.offset)).toEqual(['2', '3', '4']);
    expect(logs?.dropped).toBe(2 + 4);
    // The counters start again from zero after a batch.
    expect(eventOf(batcher.flush(), 'logs')).toBeUndefined();
  });

  it('reports dropped logs even when no row was kept', () => {
    const { batcher } = batcherWithListener();
    batcher.countDroppedLogs(12);
    expect(eventOf(batcher.flush(), 'logs')).toEqual({ type: 'logs', logs: [], dropped: 12 });
  });

  it('keeps only the latest patterns and models, once', () => {
    const { batcher } = batcherWithListener();
    batcher.pushPatterns([makePattern('old', 1)]);
    batcher.pushPatterns([makePattern('new', 2)]);
    batcher.pushModels(makeModels('first'));
    batcher.pushModels(makeModels('second'));
    const batch = batcher.flush();
    expect(eventOf(batch, 'patterns')?.patterns.map((p) => p.templateId)).toEqual(['new']);
    expect(eventOf(batch, 'models')?.models.error).toBe('second');
    const next = batcher.flush();
    expect(eventOf(next, 'patterns')).toBeUndefined();
    expect(eventOf(next, 'models')).toBeUndefined();
  });

  it('sums notifications and suppressed counts between batches', () => {
    const { batcher } = batcherWithListener();
    batcher.pushNotifications([makeAlert('n1')], 1);
    batcher.pushNotifications([makeAlert('n2')], 2);
    const notify = eventOf(batcher.flush(), 'notify');
    expect(notify?.alerts.map((a) => a.id)).toEqual(['n1', 'n2']);
    expect(notify?.suppressed).toBe(3);
    expect(eventOf(batcher.flush(), 'notify')).toBeUndefined();
  });

  it('emits nothing and discards what is pending while nobody listens', () => {
    const collect = vi.fn(() => makeStatus());
    const batcher = new EventBatcher(collect);
    batcher.pushAlerts([makeAlert('a1')]);
    batcher.pushLogs([makeLiveLog(1)]);
    batcher.pushNotifications([makeAlert('n1')], 3);
    batcher.pushPatterns([makePattern('p', 1)]);
    expect(batcher.flush()).toBeNull();
    expect(collect).not.toHaveBeenCalled();

    const received: EventBatch[] = [];
    batcher.subscribe((b) => received.push(b));
    batcher.flush();
    // What was pending before anyone listened is gone: only the status is delivered.
    expect(received[0]!.events.map((e) => e.type)).toEqual(['status']);
  });

  it('stops delivering to a listener once it unsubscribes', () => {
    const batcher = new EventBatcher(() => makeStatus());
    const listener = vi.fn();
    const unsubscribe = batcher.subscribe(listener);
    batcher.flush();
    unsubscribe();
    expect(batcher.flush()).toBeNull();
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('keeps delivering to the other listeners when one throws', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const batcher = new EventBatcher(() => makeStatus());
    const before = vi.fn();
    const after = vi.fn();
    batcher.subscribe(before);
    batcher.subscribe(() => {
      throw new Error('window closed');
    });
    batcher.subscribe(after);
    batcher.pushAlerts([makeAlert('a1')]);
    const batch = batcher.flush();
    expect(before).toHaveBeenCalledWith(batch);
    expect(after).toHaveBeenCalledWith(batch);
    expect(errors).toHaveBeenCalledTimes(1);
    expect(String(errors.mock.calls[0]?.[1])).toContain('window closed');
  });

  it('emits at most one batch per interval once started, however much is pushed', () => {
    vi.useFakeTimers();
    const { batcher, received } = batcherWithListener({ intervalMs: 250 });
    batcher.start();
    batcher.start(); // a second start must not add a second timer
    for (let ms = 0; ms < 1000; ms += 10) {
      batcher.pushLogs([makeLiveLog(ms)]);
      batcher.pushAlerts([makeAlert(`a${ms}`)]);
      vi.advanceTimersByTime(10);
    }
    expect(received).toHaveLength(4);
    batcher.stop();
    vi.advanceTimersByTime(1000);
    expect(received).toHaveLength(4);
    expect(vi.getTimerCount()).toBe(0);
    // Every alert pushed reached a batch.
    const alertIds = new Set(received.flatMap((b) => eventOf(b, 'alerts')?.alerts.map((a) => a.id) ?? []));
    expect(alertIds.size).toBe(100);
  });
});
