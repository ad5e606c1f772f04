import { describe, expect, it } from 'vitest';
import { Alert } from '../../core/contract';
import { AlertActionError, AlertStore } from '../../core/alerts/alert-store';
import { alertIdOf, fingerprintOf, type AlertCandidate } from '../../core/alerts/candidate';

function candidate(overrides: Partial<AlertCandidate> = {}): AlertCandidate {
  return {
    rule: 'system-error',
    level: 'medium',
    trigger: 'system_error',
    title: 'System error in db: disk <*> failed',
    reason: 'A system error was logged.',
    groupKey: 'e7',
    service: 'db',
    topic: 'infra',
    templateId: 'e7',
    template: 'disk <*> failed',
    sample: 'disk sda1 failed',
    ...overrides,
  };
}

const MINUTE = 60_000;

describe('grouping', () => {
  it('groups occurrences by trigger, template and service into one valid Alert', () => {
    const store = new AlertStore();
    store.record(candidate({ sample: 'one' }), 1000);
    const alert = store.record(candidate({ sample: 'two' }), 2000);
    expect(store.lastChange).toBe('repeated');
    expect(Alert.parse(alert)).toEqual(alert);
    expect(alert).toMatchObject({
      count: 2,
      firstSeen: 1000,
      lastSeen: 2000,
      status: 'open',
      samples: ['one', 'two'],
    });
    expect(alert.fingerprint).toBe(fingerprintOf('system_error', 'e7', 'db'));
    expect(alert.id).toBe(alertIdOf(alert.fingerprint));

    store.record(candidate({ service: 'cache' }), 3000);
    store.record(candidate({ trigger: 'performance' }), 3000);
    store.record(candidate({ groupKey: 'e8', templateId: 'e8' }), 3000);
    expect(store.size).toBe(4);
  });

  it('gives the same fingerprint the same id in every store (stable across restarts)', () => {
    const a = new AlertStore().record(candidate(), 0);
    const b = new AlertStore().record(candidate(), 5);
    expect(a.id).toBe(b.id);
    expect(a.id).toMatch(/^al-[0-9a-f]{20}$/);
  });

  it('keeps the latest five samples, each at most 500 characters', () => {
    const store = new AlertStore();
    let alert = store.record(candidate({ sample: 'x'.repeat(2000) }), 0);
    expect(alert.samples[0]).toHaveLength(500);
    for (let i = 1; i <= 7; i++) alert = store.record(candidate({ sample: `s${i}` }), i);
    expect(alert.samples).toEqual(['s3', 's4', 's5', 's6', 's7']);
    expect(alert.count).toBe(8);
  });

  it('escalates to a higher level, never lowers it', () => {
    const store = new AlertStore();
    store.record(candidate({ level: 'high', title: 'high one' }), 0);
    let alert = store.record(candidate({ level: 'critical', title: 'critical one' }), 1);
    expect(store.lastChange).toBe('escalated');
    expect([alert.level, alert.title]).toEqual(['critical', 'critical one']);
    alert = store.record(candidate({ level: 'high', title: 'high again' }), 2);
    expect([alert.level, alert.title]).toEqual(['critical', 'critical one']);
  });
});

describe('lifecycle', () => {
  it('acknowledges, resolves, and reopens as a new occurrence whose count starts afresh', () => {
    const store = new AlertStore();
    const { id } = store.record(candidate(), 0);
    expect(store.act({ id, action: 'ack' }, 10).status).toBe('acknowledged');
    expect(store.record(candidate(), 20).status).toBe('acknowledged');
    expect(store.act({ id, action: 'resolve' }, 30).status).toBe('resolved');

    const reopened = store.record(candidate({ level: 'high', title: 'back' }), 40);
    expect(store.lastChange).toBe('reopened');
    expect(reopened).toMatchObject({
      id,
      status: 'open',
      count: 1,
      occurrence: 2,
      reopenedAt: 40,
      firstSeen: 0,
      lastSeen: 40,
      level: 'high',
      title: 'back',
    });
  });

  it('reopens an acknowledged alert that escalates', () => {
    const store = new AlertStore();
    const { id } = store.record(candidate({ level: 'high' }), 0);
    store.act({ id, action: 'ack' }, 1);
    expect(store.record(candidate({ level: 'critical' }), 2).status).toBe('open');
  });

  it('refuses unknown ids and actions on resolved alerts with clear codes', () => {
    const store = new AlertStore();
    const { id } = store.record(candidate(), 0);
    expect(() => store.act({ id: 'nope', action: 'ack' }, 0)).toThrow(AlertActionError);
    store.act({ id, action: 'resolve' }, 0);
    try {
      store.act({ id, action: 'snooze', durationMs: 1000 }, 0);
      expect.unreachable();
    } catch (error) {
      expect((error as AlertActionError).code).toBe('invalid_state');
    }
  });

  it('hides a snoozed alert from status views until the snooze expires', () => {
    const store = new AlertStore();
    const { id } = store.record(candidate(), 0);
    store.act({ id, action: 'snooze', durationMs: 10 * MINUTE }, 0);
    expect(store.list({ status: ['open'] })).toEqual([]);
    expect(store.list({ status: ['snoozed'] }).map((a) => a.id)).toEqual([id]);
    expect(store.list({}).map((a) => a.id)).toEqual([id]);
    store.record(candidate(), MINUTE); // occurrences keep counting while snoozed
    expect(store.get(id)?.status).toBe('snoozed');
    store.tick(5 * MINUTE);
    expect(store.list({ status: ['open'] })).toEqual([]);
    store.tick(10 * MINUTE);
    expect(store.get(id)?.snoozedUntil).toBeNull();
    expect(store.get(id)?.status).toBe('open');
    expect(store.list({ status: ['open'] }).map((a) => a.count)).toEqual([2]);
  });

  it('auto-resolves after the quiet period, counted from the last occurrence', () => {
    const store = new AlertStore({ autoResolveMs: 30 * MINUTE });
    const { id } = store.record(candidate(), 0);
    store.record(candidate(), 10 * MINUTE);
    store.tick(39 * MINUTE);
    expect(store.get(id)?.status).toBe('open');
    expect(store.tick(40 * MINUTE)).toBe(1);
    expect(store.get(id)?.status).toBe('resolved');
  });
});

describe('bounds, queries and change tracking', () => {
  it('evicts resolved alerts first when over the cap', () => {
    const store = new AlertStore({ maxAlerts: 10 });
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push(store.record(candidate({ groupKey: `k${i}` }), i).id);
    store.act({ id: ids[7]!, action: 'resolve' }, 20);
    store.record(candidate({ groupKey: 'k10' }), 30);
    expect(store.size).toBe(9);
    expect(store.get(ids[7]!)).toBeUndefined();
    expect(store.get(ids[0]!)).toBeUndefined(); // then the oldest by lastSeen
    expect(store.get(ids[1]!)).toBeDefined();
    expect(store.drainPersist(0).deletes.sort()).toEqual([ids[0]!, ids[7]!].sort());
  });

  it('filters and orders list results, newest first, with a limit', () => {
    const store = new AlertStore();
    store.record(candidate({ groupKey: 'a', level: 'high', service: 'db' }), 1);
    store.record(candidate({ groupKey: 'b', level: 'low', service: 'api' }), 2);
    store.record(candidate({ groupKey: 'c', level: 'high', trigger: 'security', service: 'api' }), 3);
    expect(store.list({ level: ['high'] }).map((a) => a.lastSeen)).toEqual([3, 1]);
    expect(store.list({ service: 'api', trigger: ['system_error'] }).map((a) => a.lastSeen)).toEqual([2]);
    expect(store.list({ limit: 1 }).map((a) => a.lastSeen)).toEqual([3]);
  });

  it('returns copies, counts active alerts, and drains changes once', () => {
    const store = new AlertStore();
    const { id } = store.record(candidate({ level: 'high' }), 0);
    store.record(candidate({ groupKey: 'x', level: 'low', trigger: 'anomaly' }), 0);
    const listed = store.list({})[0]!;
    listed.samples.push('mutated');
    expect(store.get(id)?.samples).toEqual(['disk sda1 failed']);

    expect(store.counts().byLevel).toEqual({ critical: 0, high: 1, medium: 0, low: 1 });
    store.act({ id, action: 'resolve' }, 1);
    expect(store.counts().byTrigger).toEqual({ security: 0, performance: 0, system_error: 0, anomaly: 1 });

    expect(store.drainChanged()).toHaveLength(2);
    expect(store.drainChanged()).toHaveLength(0);
    expect(store.drainPersist(0).upserts).toHaveLength(2); // separate from the UI's set
  });

  it('persists repeats as counter updates, with the full alert at least every fullPersistEveryMs', () => {
    const store = new AlertStore({ fullPersistEveryMs: 30_000 });
    const { id } = store.record(candidate(), 0);
    expect(store.drainPersist(0)).toMatchObject({ upserts: [{ id, count: 1 }], counters: [] });
    store.record(candidate(), 1000);
    store.record(candidate(), 2000);
    expect(store.drainPersist(2000)).toEqual({ upserts: [], counters: [[id, 3, 2000]], deletes: [] });
    store.record(candidate({ level: 'high' }), 3000); // escalation: the full alert
    expect(store.drainPersist(3000).upserts.map((a) => a.level)).toEqual(['high']);
    store.record(candidate(), 33_000);
    expect(store.drainPersist(33_000).upserts.map((a) => a.samples.length)).toEqual([5]);
    store.act({ id, action: 'ack' }, 34_000);
    expect(store.drainPersist(34_000).upserts.map((a) => a.status)).toEqual(['acknowledged']);
  });
});
