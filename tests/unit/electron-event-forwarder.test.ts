import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent, EventBatch } from '../../core/contract';
import { EventForwarder, mergeBatches } from '../../electron/main/event-forwarder';
import { makeAlert, makeBatch, makeLiveLog, makeModels, makePattern, makeStatus } from './engine-fixtures';
import { incident } from './renderer-fixtures';

const T0 = 1_700_000_000_000;
let clock = T0;
/** Moves the injected clock and the (fake) timers together. */
function advance(ms: number): void {
  clock += ms;
  vi.advanceTimersByTime(ms);
}

function eventOf<T extends EngineEvent['type']>(batch: EventBatch, type: T) {
  return batch.events.find((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
}

/** A batch as the engine sends it: status plus one new alert and a few log rows. */
function engineBatch(seq: number): EventBatch {
  return makeBatch(seq, [
    { type: 'status', status: makeStatus(seq) },
    { type: 'alerts', alerts: [makeAlert(`a${seq}`)] },
    { type: 'logs', logs: [makeLiveLog(seq * 10), makeLiveLog(seq * 10 + 1)], dropped: 3 },
  ]);
}

/** A forwarder at 10 batches a second on the test clock, and what it has sent to the window. */
function forwarding() {
  const sent: EventBatch[] = [];
  const forwarder = new EventForwarder(
    (batch) => sent.push(batch),
    10,
    () => clock,
  );
  return { sent, forwarder };
}

beforeEach(() => {
  vi.useFakeTimers();
  clock = T0;
});

afterEach(() => {
  vi.useRealTimers();
});

describe('EventForwarder', () => {
  it('sends at most 10 batches in any second under 100 pushes, and loses no alert', () => {
    const sent: Array<{ at: number; batch: EventBatch }> = [];
    const forwarder = new EventForwarder(
      (batch) => sent.push({ at: clock, batch }),
      10,
      () => clock,
    );
    for (let seq = 1; seq <= 100; seq++) {
      forwarder.push(engineBatch(seq));
      advance(7); // ~143 pushes per second
    }
    advance(1000); // let the trailing timer deliver the rest
    for (const { at } of sent) {
      expect(sent.filter((s) => s.at >= at && s.at < at + 1000).length).toBeLessThanOrEqual(10);
    }
    expect(sent.length).toBeGreaterThanOrEqual(7); // 700 ms of pushes at 10/s, plus the tail
    const alertIds = new Set(
      sent.flatMap(({ batch }) => eventOf(batch, 'alerts')?.alerts.map((a) => a.id) ?? []),
    );
    expect(alertIds.size).toBe(100);
    // The newest status reached the window.
    expect(eventOf(sent.at(-1)!.batch, 'status')?.status.stats.processed).toBe(100);
    expect(vi.getTimerCount()).toBe(0);
    forwarder.dispose();
  });

  it('sends the first batch at once and merges a burst into one trailing batch', () => {
    const { sent, forwarder } = forwarding();
    for (let seq = 1; seq <= 100; seq++) forwarder.push(engineBatch(seq));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.seq).toBe(1);

    advance(99);
    expect(sent).toHaveLength(1);
    advance(1);
    expect(sent).toHaveLength(2);
    const merged = sent[1]!;
    expect(merged.seq).toBe(100);
    expect(eventOf(merged, 'alerts')?.alerts).toHaveLength(99);
    const logs = eventOf(merged, 'logs');
    expect(logs?.logs).toHaveLength(99 * 2);
    expect(logs?.dropped).toBe(99 * 3);
    forwarder.dispose();
  });

  it('delivers what is pending when disposed, and leaves no timer behind', () => {
    const { sent, forwarder } = forwarding();
    forwarder.push(engineBatch(1));
    forwarder.push(engineBatch(2)); // within the gap: pending
    expect(sent).toHaveLength(1);
    forwarder.dispose();
    expect(sent).toHaveLength(2);
    expect(eventOf(sent[1]!, 'alerts')?.alerts.map((a) => a.id)).toEqual(['a2']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('flush() sends what is pending at once', () => {
    const { sent, forwarder } = forwarding();
    forwarder.push(engineBatch(1));
    forwarder.push(engineBatch(2));
    forwarder.flush();
    expect(sent.map((b) => b.seq)).toEqual([1, 2]);
    forwarder.flush(); // nothing pending: nothing sent
    expect(sent).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('mergeBatches', () => {
  it('keeps every alert upsert with the latest version of each', () => {
    const a = makeBatch(1, [{ type: 'alerts', alerts: [makeAlert('x', { count: 1 }), makeAlert('y')] }]);
    const b = makeBatch(2, [{ type: 'alerts', alerts: [makeAlert('x', { count: 4 }), makeAlert('z')] }]);
    const alerts = eventOf(mergeBatches(a, b), 'alerts')?.alerts ?? [];
    expect(alerts.map((al) => al.id).sort()).toEqual(['x', 'y', 'z']);
    expect(alerts.find((al) => al.id === 'x')?.count).toBe(4);
  });

  it('sums notifications and suppressed counts', () => {
    const a = makeBatch(1, [{ type: 'notify', alerts: [makeAlert('n1')], suppressed: 2 }]);
    const b = makeBatch(2, [{ type: 'notify', alerts: [makeAlert('n2')], suppressed: 5 }]);
    expect(eventOf(mergeBatches(a, b), 'notify')).toEqual({
      type: 'notify',
      alerts: [makeAlert('n1'), makeAlert('n2')],
      suppressed: 7,
    });
  });

  it('bounds the merged logs to the newest 500 and counts the rest as dropped', () => {
    const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => makeLiveLog(from + i));
    const a = makeBatch(1, [{ type: 'logs', logs: rows(0, 400), dropped: 10 }]);
    const b = makeBatch(2, [{ type: 'logs', logs: rows(400, 300), dropped: 1 }]);
    const logs = eventOf(mergeBatches(a, b), 'logs');
    expect(logs?.logs).toHaveLength(500);
    expect(logs?.logs[0]?.offset).toBe('200');
    expect(logs?.logs.at(-1)?.offset).toBe('699');
    expect(logs?.dropped).toBe(10 + 1 + 200);
  });

  it('keeps the latest status, patterns and models, and the later seq', () => {
    const a = makeBatch(3, [
      { type: 'status', status: makeStatus(1) },
      { type: 'patterns', patterns: [makePattern('p-old', 1)] },
      { type: 'models', models: makeModels('old') },
    ]);
    const b = makeBatch(4, [{ type: 'status', status: makeStatus(2) }]);
    const merged = mergeBatches(a, b);
    expect(merged.seq).toBe(4);
    expect(eventOf(merged, 'status')?.status.stats.processed).toBe(2);
    // Kinds absent from the later batch are kept from the earlier one.
    expect(eventOf(merged, 'patterns')?.patterns[0]?.templateId).toBe('p-old');
    expect(eventOf(merged, 'models')?.models.error).toBe('old');
    expect(merged.events.filter((e) => e.type === 'status')).toHaveLength(1);
  });

  it('keeps every incident upsert with the latest version of each', () => {
    const a = makeBatch(1, [
      { type: 'incidents', incidents: [incident({ id: 'x', alertCount: 1 }), incident({ id: 'y' })] },
    ]);
    const b = makeBatch(2, [{ type: 'incidents', incidents: [incident({ id: 'x', alertCount: 4 })] }]);
    const incidents = eventOf(mergeBatches(a, b), 'incidents')?.incidents ?? [];
    expect(incidents.map((i) => i.id).sort()).toEqual(['x', 'y']);
    expect(incidents.find((i) => i.id === 'x')?.alertCount).toBe(4);
  });
});
