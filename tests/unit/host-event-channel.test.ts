/**
 * The per-client event stream: rate limit, merging, and what happens to a client that stops
 * reading. Time is a hand-driven clock, so these tests prove the limits without waiting.
 */
import { describe, expect, it } from 'vitest';
import type { Alert, EventBatch, Incident, LiveLog } from '../../core/contract';
import { BatchCoalescer } from '../../core/engine/batch-coalescer';
import {
  CLOSE_TOO_SLOW,
  EventChannel,
  type Clock,
  type EventChannelOptions,
  type EventTransport,
} from '../../core/host/event-channel';
import { makeAlert } from './engine-fixtures';

class ManualClock implements Clock {
  time = 0;
  private timers: { at: number; fn: () => void; cancelled: boolean }[] = [];
  now(): number {
    return this.time;
  }
  setTimer(fn: () => void, ms: number): () => void {
    const timer = { at: this.time + ms, fn, cancelled: false };
    this.timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }
  /** Moves time forward, running due timers in order (including ones they schedule). */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => !t.cancelled && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = Math.max(this.time, due.at);
      due.fn();
    }
    this.time = end;
  }
}

class FakeTransport implements EventTransport {
  bufferedAmount = 0;
  sent: EventBatch[] = [];
  closedWith: { code: number; reason: string } | null = null;
  send(text: string): void {
    this.sent.push((JSON.parse(text) as { batch: EventBatch }).batch);
  }
  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
  }
}

function logRow(n: number): LiveLog {
  return {
    time: n,
    topic: 'logs',
    partition: 0,
    offset: String(n),
    service: null,
    level: 'info',
    message: `m${n}`,
    templateId: 't',
    severity: 'info',
    category: 'normal',
  };
}

const batch = (seq: number, events: EventBatch['events'] = []): EventBatch => ({ seq, at: seq, events });

describe('EventChannel rate limit', () => {
  it('sends at most 10 batches in any second, however fast batches arrive, and loses no alert', () => {
    const clock = new ManualClock();
    const transport = new FakeTransport();
    const sendTimes: number[] = [];
    const timed: EventTransport = {
      get bufferedAmount() {
        return transport.bufferedAmount;
      },
      send: (text) => {
        sendTimes.push(clock.now());
        transport.send(text);
      },
      close: (code, reason) => transport.close(code, reason),
    };
    const channel = new EventChannel(timed, { clock });
    // One batch every 2 ms for 3 simulated seconds: 1500 batches offered.
    for (let seq = 1; seq <= 1500; seq++) {
      channel.push(batch(seq, [{ type: 'alerts', alerts: [makeAlert(`a${seq}`)] }]));
      clock.advance(2);
    }
    clock.advance(1000);
    expect(transport.sent.length).toBeLessThanOrEqual(31);
    // No window of one second holds more than ten sends.
    for (let i = 10; i < sendTimes.length; i++) {
      expect((sendTimes[i] as number) - (sendTimes[i - 10] as number)).toBeGreaterThanOrEqual(1000);
    }
    const delivered = new Set(
      transport.sent.flatMap((b) =>
        b.events.flatMap((e) => (e.type === 'alerts' ? e.alerts.map((a) => a.id) : [])),
      ),
    );
    expect(delivered.size).toBe(1500);
    expect(transport.sent.at(-1)?.at).toBe(1500);
    expect(channel.sent + channel.merged).toBe(1500);
    // Renumbered per connection without gaps: merging lost nothing the client must resync for.
    expect(transport.sent.map((b) => b.seq)).toEqual(transport.sent.map((_, i) => i + 1));
  });

  it('sends a lone batch without waiting for the interval', () => {
    const clock = new ManualClock();
    const transport = new FakeTransport();
    const channel = new EventChannel(transport, { clock });
    channel.push(batch(1));
    clock.advance(0);
    expect(transport.sent.map((b) => b.seq)).toEqual([1]);
  });
});

describe('EventChannel and a client that stops reading', () => {
  /** A channel whose client has `unread` bytes waiting in its socket's buffer. */
  function behind(unread: number, options: Omit<EventChannelOptions, 'clock'>) {
    const clock = new ManualClock();
    const transport = new FakeTransport();
    const channel = new EventChannel(transport, { clock, ...options });
    transport.bufferedAmount = unread;
    return { clock, transport, channel };
  }
  const marks = { softBufferBytes: 1000, hardBufferBytes: 10_000, maxStallMs: 5000 };

  it('holds back above the soft mark, keeps merging, and resumes when the buffer drains', () => {
    const { clock, transport, channel } = behind(2000, marks);
    for (let seq = 1; seq <= 20; seq++) {
      channel.push(batch(seq, [{ type: 'alerts', alerts: [makeAlert(`a${seq}`)] }]));
      clock.advance(100);
    }
    expect(transport.sent).toEqual([]);
    transport.bufferedAmount = 0;
    clock.advance(100);
    expect(transport.sent).toHaveLength(1);
    expect(transport.sent[0]?.at).toBe(20);
    expect(transport.sent[0]?.events[0]).toMatchObject({ type: 'alerts' });
    expect((transport.sent[0]?.events[0] as { alerts: Alert[] }).alerts).toHaveLength(20);
    expect(transport.closedWith).toBeNull();
  });

  it('closes the client with 1013 when it stays stalled too long', () => {
    const { clock, transport, channel } = behind(2000, marks);
    for (let seq = 1; seq <= 100 && transport.closedWith === null; seq++) {
      channel.push(batch(seq));
      clock.advance(100);
    }
    expect(transport.closedWith?.code).toBe(CLOSE_TOO_SLOW);
    expect(clock.now()).toBeGreaterThan(5000);
    expect(clock.now()).toBeLessThanOrEqual(5300);
  });

  it('closes the client at once above the hard mark', () => {
    const { clock, transport, channel } = behind(20_000, { softBufferBytes: 1000, hardBufferBytes: 10_000 });
    channel.push(batch(1));
    clock.advance(0);
    expect(transport.closedWith?.code).toBe(CLOSE_TOO_SLOW);
    channel.push(batch(2));
    clock.advance(1000);
    expect(transport.sent).toEqual([]);
  });

  it('closes the client when more distinct alerts wait than the cap (instead of dropping some)', () => {
    const { transport, channel } = behind(2000, {
      softBufferBytes: 1000,
      limits: { maxAlerts: 10, maxLogs: 10, maxNotify: 10 },
    });
    for (let i = 0; i < 11; i++) channel.push(batch(i, [{ type: 'alerts', alerts: [makeAlert(`a${i}`)] }]));
    expect(transport.closedWith?.code).toBe(CLOSE_TOO_SLOW);
  });
});

describe('BatchCoalescer', () => {
  it('keeps the latest snapshot of status, patterns and models', () => {
    const c = new BatchCoalescer();
    c.add(
      batch(1, [
        { type: 'patterns', patterns: [] },
        { type: 'models', models: { active: null, error: 'a', shadow: null } },
      ]),
    );
    c.add(batch(2, [{ type: 'models', models: { active: null, error: 'b', shadow: null } }]));
    const merged = c.take();
    expect(merged?.seq).toBe(2);
    expect(merged?.events).toEqual([
      { type: 'patterns', patterns: [] },
      { type: 'models', models: { active: null, error: 'b', shadow: null } },
    ]);
    expect(c.take()).toBeNull();
  });

  it('trims the live tail to its cap, counting trimmed rows as dropped', () => {
    const c = new BatchCoalescer({ maxLogs: 5, maxAlerts: 10, maxNotify: 10 });
    c.add(batch(1, [{ type: 'logs', logs: [logRow(1), logRow(2), logRow(3)], dropped: 7 }]));
    c.add(batch(2, [{ type: 'logs', logs: [logRow(4), logRow(5), logRow(6), logRow(7)], dropped: 2 }]));
    const logs = c.take()?.events[0];
    expect(logs).toMatchObject({ type: 'logs', dropped: 11 });
    expect((logs as { logs: LiveLog[] }).logs.map((l) => l.offset)).toEqual(['3', '4', '5', '6', '7']);
  });

  it('appends notifications up to the cap and counts the rest as suppressed', () => {
    const c = new BatchCoalescer({ maxLogs: 5, maxAlerts: 10, maxNotify: 2 });
    c.add(batch(1, [{ type: 'notify', alerts: [makeAlert('n1')], suppressed: 1 }]));
    c.add(
      batch(2, [
        { type: 'notify', alerts: [makeAlert('n2'), makeAlert('n3'), makeAlert('n4')], suppressed: 0 },
      ]),
    );
    const notify = c.take()?.events[0] as { alerts: Alert[]; suppressed: number };
    expect(notify.alerts.map((a) => a.id)).toEqual(['n1', 'n2']);
    expect(notify.suppressed).toBe(3);
  });

  it('upserts alerts by id, in order of last update', () => {
    const c = new BatchCoalescer();
    c.add(
      batch(1, [{ type: 'alerts', alerts: [makeAlert('a', { count: 1 }), makeAlert('b', { count: 1 })] }]),
    );
    c.add(batch(2, [{ type: 'alerts', alerts: [makeAlert('a', { count: 2 })] }]));
    const alerts = (c.take()?.events[0] as { alerts: Alert[] }).alerts;
    expect(alerts.map((a) => [a.id, a.count])).toEqual([
      ['b', 1],
      ['a', 2],
    ]);
  });

  it('upserts incidents by id, so a slow client still gets the latest of each', () => {
    const incident = (id: string, alertCount: number): Incident => ({
      id,
      title: 'Possible brute-force attack on sshd',
      level: 'critical',
      trigger: 'security',
      status: 'open',
      snoozedUntil: null,
      firstSeen: 0,
      lastSeen: 0,
      occurrence: 1,
      reopenedAt: null,
      services: ['sshd'],
      hosts: [],
      alertIds: [],
      alertCount,
      timeline: [],
      perMinute: [],
      audit: [],
      groupKey: 'service=sshd',
    });
    const c = new BatchCoalescer();
    c.add(batch(1, [{ type: 'incidents', incidents: [incident('i1', 1), incident('i2', 1)] }]));
    c.add(batch(2, [{ type: 'incidents', incidents: [incident('i1', 3)] }]));
    const merged = c.take()?.events.find((e) => e.type === 'incidents');
    expect(merged?.type === 'incidents' && merged.incidents.map((i) => [i.id, i.alertCount])).toEqual([
      ['i2', 1],
      ['i1', 3],
    ]);
  });
});
