/**
 * Gap-aware volume baselines (core/detect/gaps.ts, interval-baseline.ts, rate-spike.ts): a stop
 * and start, a broker outage with its catch-up, and a replay of old logs raise no volume signal by
 * themselves, while a real spike still does. Each scenario has a control run that shows what the
 * same traffic did to a detector blind to gaps or to event time, so these tests can fail.
 */
import { describe, expect, it } from 'vitest';
import { Detectors } from '../../core/detect/detectors';
import { GapTracker } from '../../core/detect/gaps';
import { IntervalBaseline } from '../../core/detect/interval-baseline';
import type { Signal } from '../../core/detect/signal';
import { analysis, record } from './detect-fixtures';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const T0 = Date.UTC(2026, 11, 5, 8, 0, 0);

/** Five templates of one service, a steady ~6 logs/s each, with a little deterministic noise. */
const TEMPLATES = ['accepted', 'served', 'cached', 'queried', 'flushed'].map((id, i) =>
  analysis({ templateId: id, template: `${id} request <*>`, severity: i === 4 ? 'error' : 'info' }),
);

interface Log {
  /** Event time (the log's own time). */
  time: number;
  template: number;
}

/** Logs written between `from` and `to` (event time), `perSecond` per template. */
function written(from: number, to: number, perSecond = 6): Log[] {
  const out: Log[] = [];
  const step = SECOND / perSecond;
  let k = 0;
  for (let t = from; t < to; t += step) {
    for (let template = 0; template < TEMPLATES.length; template++) {
      // ±1 ms jitter by a fixed pattern, so logs are not all on the same millisecond.
      out.push({ time: Math.floor(t) + ((k + template) % 3), template });
    }
    k++;
  }
  return out;
}

class Run {
  readonly signals: Signal[] = [];
  private tickAt = -Infinity;
  /** The engine runs a source (between `start` and `stop`): only then does it look at the source. */
  private up = false;
  constructor(
    readonly detectors: Detectors,
    /** The source's state for each tick: running and lag. */
    private readonly source: (now: number) => { running: boolean; lag: number } = () => ({
      running: true,
      lag: 0,
    }),
  ) {}

  /** Logs read at `arrival(log)` (detector clock), ticking once a second like the engine. */
  read(logs: readonly Log[], arrival: (log: Log, index: number) => number): void {
    logs.forEach((log, i) => {
      const now = arrival(log, i);
      this.tickUntil(now);
      const r = record({ service: 'api', host: 'web-1', time: log.time, level: null });
      for (const s of this.detectors.observe(r, TEMPLATES[log.template]!, now))
        if (s.kind === 'rate_spike' || s.kind === 'error_spike') this.signals.push(s);
    });
  }

  /** The engine starts its source (`aware`: and tells the detectors, as engine.ts does). */
  start(now: number, aware = true): void {
    this.tickUntil(now);
    if (aware) this.detectors.engineStarting(now);
    this.up = true;
  }

  stop(now: number, aware = true): void {
    this.tickUntil(now);
    if (aware) this.detectors.engineStopped(now);
    this.up = false;
  }

  /** Ticks (the engine's look at its source) once a second up to `now`, while the engine runs. */
  tickUntil(now: number): void {
    if (this.tickAt === -Infinity) this.tickAt = now;
    while (this.tickAt + SECOND <= now) {
      this.tickAt += SECOND;
      if (!this.up) continue;
      const s = this.source(this.tickAt);
      this.detectors.observeSource(s.running, s.lag, this.tickAt);
    }
  }
}

const live = (log: Log): number => log.time;
const newTemplatesOff = { newTemplate: { warmupLogs: 1e9, warmupMs: 1e12 } };

describe('GapTracker', () => {
  it('opens on a stop and closes once the source has run for settleMs and caught up', () => {
    const g = new GapTracker({ settleMs: 10 * SECOND, caughtUpLag: 100, maxCatchUpMs: MINUTE });
    g.stopped(T0);
    expect(g.isOpen).toBe(true);
    expect(g.observeSource(true, 5000, T0 + 5 * SECOND)).toBe(false);
    expect(g.observeSource(true, 5000, T0 + 20 * SECOND)).toBe(false); // still behind
    expect(g.observeSource(true, 50, T0 + 21 * SECOND)).toBe(true);
    expect(g.isOpen).toBe(false);
    expect(g.overlaps(T0 - 10, T0 - 1)).toBe(false);
    expect(g.overlaps(T0 + 21 * SECOND, T0 + 30 * SECOND)).toBe(true);
    expect(g.overlaps(T0 + 22 * SECOND, T0 + 30 * SECOND)).toBe(false);
  });

  it('closes after maxCatchUpMs even when the consumer stays behind', () => {
    const g = new GapTracker({ settleMs: SECOND, caughtUpLag: 100, maxCatchUpMs: 30 * SECOND });
    g.observeSource(false, 0, T0);
    expect(g.stats()).toEqual({ opened: 1, open: 'source not running' });
    expect(g.observeSource(true, 1e6, T0 + 10 * SECOND)).toBe(false);
    expect(g.observeSource(true, 1e6, T0 + 40 * SECOND)).toBe(true);
  });

  it('keeps at most maxGaps closed gaps', () => {
    const g = new GapTracker({ settleMs: 0, maxGaps: 2 });
    for (let i = 0; i < 4; i++) {
      g.stopped(T0 + i * MINUTE);
      g.observeSource(true, 0, T0 + i * MINUTE + SECOND);
    }
    expect(g.stats().opened).toBe(4);
    expect(g.overlaps(T0, T0 + 2 * SECOND)).toBe(false); // the first one is forgotten
    expect(g.overlaps(T0 + 3 * MINUTE, T0 + 3 * MINUTE + 2 * SECOND)).toBe(true);
  });
});

describe('volume baselines across gaps', () => {
  it('a stop and start with nothing produced meanwhile raises no volume signal', () => {
    const run = (gapAware: boolean): Signal[] => {
      const d = new Detectors(newTemplatesOff);
      const r = new Run(d);
      r.start(T0 - 30 * SECOND);
      r.read(written(T0, T0 + 5 * MINUTE), live);
      r.stop(T0 + 5 * MINUTE, gapAware);
      const back = T0 + 15 * MINUTE; // ten minutes stopped: nothing read, nothing produced (the demo)
      r.start(back, gapAware);
      r.read(written(back, back + 5 * MINUTE), live);
      return r.signals;
    };
    expect(run(true)).toEqual([]);
    // Control: a detector told nothing learns ten minutes of zeros, then calls normal traffic a spike.
    expect(run(false).length).toBeGreaterThan(0);
  });

  it('a stop and start while the producers go on: the backlog is counted in event time, no signal', () => {
    const run = (aware: boolean): Signal[] => {
      const d = new Detectors(newTemplatesOff);
      let lag = 0;
      const r = new Run(d, () => ({ running: true, lag }));
      r.start(T0 - 30 * SECOND, aware);
      r.read(written(T0, T0 + 5 * MINUTE), live);
      const stop = T0 + 5 * MINUTE;
      r.stop(stop, aware);
      const back = stop + 2 * MINUTE;
      r.start(back, aware);
      // Two minutes of backlog read in 4 s, then live again.
      const backlog = written(stop, back + 4 * SECOND);
      const arrival = (i: number): number => back + Math.floor((i / backlog.length) * 4 * SECOND);
      r.read(
        // Control: logs that carry no time of their own are stamped when read.
        aware ? backlog : backlog.map((l, i) => ({ ...l, time: arrival(i) })),
        (_, i) => {
          lag = backlog.length - i;
          return arrival(i);
        },
      );
      lag = 0;
      r.read(written(back + 4 * SECOND, back + 5 * MINUTE), live);
      return r.signals;
    };
    expect(run(true)).toEqual([]);
    expect(run(false).length).toBeGreaterThan(0);
  });

  it('a 15 s broker outage followed by a catch-up raises no volume signal', () => {
    const d = new Detectors(newTemplatesOff);
    const down = T0 + 5 * MINUTE;
    const up = down + 15 * SECOND;
    let lag = 0;
    const r = new Run(d, (now) => ({ running: now < down || now >= up, lag }));
    r.start(T0 - 30 * SECOND);
    r.read(written(T0, down), live);
    r.tickUntil(up); // nothing arrives while the broker is down
    const backlog = written(down, up + SECOND);
    r.read(backlog, (_, i) => {
      lag = backlog.length - i;
      return up + Math.floor((i / backlog.length) * SECOND);
    });
    lag = 0;
    r.read(written(up + SECOND, up + 5 * MINUTE), live);
    expect(r.signals).toEqual([]);
    expect(d.stats().gaps.opened).toBe(2); // the start, and the outage
  });

  it('a real spike after a gap still fires, and names its stream', () => {
    const d = new Detectors(newTemplatesOff);
    const r = new Run(d);
    r.start(T0 - 30 * SECOND);
    r.read(written(T0, T0 + 5 * MINUTE), live);
    r.stop(T0 + 5 * MINUTE);
    const back = T0 + 10 * MINUTE;
    r.start(back);
    r.read(written(back, back + 5 * MINUTE), live);
    expect(r.signals).toEqual([]);
    // A retry storm: template 1 at 10 times its rate for 20 s.
    const storm = written(back + 5 * MINUTE, back + 5 * MINUTE + 20 * SECOND, 60).filter(
      (l) => l.template === 1,
    );
    r.read(storm, live);
    expect(r.signals.map((s) => s.kind)).toContain('rate_spike');
    const s = r.signals.find((x) => x.kind === 'rate_spike')!;
    expect(s.key).toBe('template:served@api');
    expect(s.message).toContain('in api');
    expect(s.service).toBe('api');
    expect(s.host).toBe('web-1');
  });
});

describe('event-time counting', () => {
  it('replaying an hour of old logs in a minute beside live traffic is not a spike', () => {
    const run = (eventTime: boolean): Signal[] => {
      const d = new Detectors(newTemplatesOff);
      const r = new Run(d);
      r.start(T0 - 30 * SECOND);
      const liveFrom = T0 + 3_600_000;
      r.read(written(liveFrom, liveFrom + 5 * MINUTE, 2), live);
      // Then, for one minute, the live stream goes on while an hour of old logs is re-sent.
      const from = liveFrom + 5 * MINUTE;
      const old = written(T0, T0 + 3_600_000, 2);
      const arrival = (i: number): number => from + Math.floor((i / old.length) * MINUTE);
      const replayed = old.map((l, i) => ({
        ...l,
        time: eventTime ? l.time : arrival(i),
        arrival: arrival(i),
      }));
      const mixed = [...replayed, ...written(from, from + MINUTE, 2).map((l) => ({ ...l, arrival: l.time }))];
      mixed.sort((a, b) => a.arrival - b.arrival);
      r.read(mixed, (l) => (l as Log & { arrival: number }).arrival);
      r.read(written(from + MINUTE, from + 3 * MINUTE, 2), live);
      return r.signals;
    };
    expect(run(true)).toEqual([]);
    // Control: the same logs stamped when read (no time of their own): sixty times the usual rate.
    expect(run(false).length).toBeGreaterThan(0);
  });

  it('reading an hour of history in a minute judges it in its own time: a real spike in it fires', () => {
    const hour = written(T0, T0 + 3_600_000, 2);
    // A real incident inside that hour: template 2 at 15 times its rate for 30 s, 40 minutes in.
    const at = T0 + 40 * MINUTE;
    const storm = written(at, at + 30 * SECOND, 30).filter((l) => l.template === 2);
    const read = (input: readonly Log[]): Signal[] => {
      const d = new Detectors(newTemplatesOff);
      const r = new Run(d);
      const from = T0 + 2 * 3_600_000; // a new consumer group reads the topic from its start
      r.read(input, (_, i) => from + Math.floor((i / input.length) * MINUTE));
      return r.signals;
    };
    expect(read(hour)).toEqual([]);
    const fired = read([...hour, ...storm].sort((a, b) => a.time - b.time));
    expect(fired.length).toBeGreaterThan(0);
    expect(fired.every((s) => s.templateId === 'cached')).toBe(true);
  });

  it('a replay older than maxLagMs is counted at arrival but never judged', () => {
    const d = new Detectors({ ...newTemplatesOff, rateSpike: { maxLagMs: 3_600_000 } });
    const r = new Run(d);
    const old = written(T0, T0 + 3_600_000, 2);
    const replayStart = T0 + 24 * 3_600_000;
    r.read(old, (_, i) => replayStart + Math.floor((i / old.length) * MINUTE));
    expect(r.signals).toEqual([]);
    // Error logs (template 4) count twice: for template volume and for service errors.
    expect(d.stats().spikeStaleEvents).toBe(old.length + old.filter((l) => l.template === 4).length);
  });

  it('counts at arrival a log stamped ahead of the clock, and marks logs beyond maxLagMs stale', () => {
    const d = new Detectors(newTemplatesOff);
    const now = T0;
    d.observe(record({ time: now + 3_600_000 }), TEMPLATES[0]!, now);
    d.observe(record({ time: now - 25 * 3_600_000 }), TEMPLATES[0]!, now);
    d.observe(record({ time: Number.NaN }), TEMPLATES[0]!, now);
    expect(d.stats().spikeStaleEvents).toBe(1);
  });

  it('does not count a log older than its key\u2019s previous interval', () => {
    const b = new IntervalBaseline({ intervalMs: 10 * SECOND });
    b.observe('k', T0);
    b.observe('k', T0 + 30 * SECOND);
    b.observe('k', T0 + 25 * SECOND); // previous interval: counted in the current one
    b.observe('k', T0 + 5 * SECOND); // two intervals back: late
    expect(b.late).toBe(1);
  });
});
