import { describe, expect, it } from 'vitest';
import { Alert } from '../../core/contract';
import { AlertStore } from '../../core/alerts/alert-store';
import { resolveActor, UNKNOWN_ACTOR } from '../../core/alerts/actor';
import { MAX_AUDIT_ENTRIES } from '../../core/alerts/audit';
import type { AlertCandidate } from '../../core/alerts/candidate';

// Lines in the shape of OpenSSH's auth log (data/loghub/OpenSSH), the addresses as the sample carries them.
const line = (address: string) => `Failed password for root from ${address} port 38921 ssh2`;

function burst(count: number, address: string): AlertCandidate {
  return {
    rule: 'security-burst',
    level: 'critical',
    trigger: 'security',
    title: 'Possible brute-force attack on sshd',
    reason: `${count} security failures within 60 s, above the limit of 10. Latest: ${line(address)}.`,
    groupKey: 't-failed-password',
    service: 'sshd',
    topic: 'security',
    templateId: 't-failed-password',
    template: 'Failed password for <*> from <*> port <*> ssh2',
    sample: line(address),
  };
}

const MINUTE = 60_000;

describe('the reason follows the latest evidence', () => {
  it('quotes the current count, the rate and the addresses while firstReason keeps the first text', () => {
    const store = new AlertStore();
    const first = burst(11, '112.95.230.3');
    const { id } = store.record(first, 0);
    for (let i = 1; i < 2942; i++)
      store.record(burst(11 + (i % 40), i % 2 === 0 ? '112.95.230.3' : '183.62.140.253'), i * 20);
    const [alert] = store.list({}, 2942 * 20);
    expect(alert?.id).toBe(id);
    expect(alert?.firstReason).toBe(first.reason);
    expect(alert?.reason).toContain('2,942 occurrences so far');
    expect(alert?.reason).toContain('addresses seen: 112.95.230.3, 183.62.140.253');
    // The rule's latest text leads: the last candidate said 11 + 2941 % 40 = 32 failures.
    expect(alert?.reason.startsWith('32 security failures within 60 s')).toBe(true);
    // 58.84 s of events at 20 ms: 3000 a minute is the most the last minute can hold here.
    expect(alert?.reason).toMatch(/; [\d,]+ in the last minute/);
  });

  it('counts the occurrences of the last minute, not of all time', () => {
    const store = new AlertStore();
    for (let i = 0; i < 100; i++) store.record(burst(11, '10.0.0.1'), i * 100); // 10 s of events
    store.record(burst(11, '10.0.0.1'), 5 * MINUTE);
    const [alert] = store.list({}, 5 * MINUTE);
    expect(alert?.reason).toContain('101 occurrences so far; 1 in the last minute');
  });
});

describe('reopen as a new occurrence', () => {
  it('restarts the count, marks the occurrence and audits the reopen with the previous span', () => {
    const store = new AlertStore();
    const { id } = store.record(burst(11, '10.0.0.1'), 0);
    for (let i = 1; i < 51; i++) store.record(burst(11, '10.0.0.1'), i * 1000);
    store.act({ id, action: 'resolve' }, 60_000, 'ana');
    const back = store.record(burst(12, '10.0.0.2'), 80_000);
    expect(store.lastChange).toBe('reopened');
    expect(back).toMatchObject({ count: 1, occurrence: 2, reopenedAt: 80_000, firstSeen: 0, status: 'open' });
    const reopen = back.audit?.at(-1);
    expect(reopen).toMatchObject({ at: 80_000, who: 'vigil', action: 'reopen' });
    expect(reopen?.text).toContain('occurrence 1 had 51 event(s) over 50 s');
    expect(store.list({}, 80_000)[0]?.reason).toContain('1 occurrence so far in occurrence 2');
  });
});

describe('audit trail', () => {
  it('records ack, snooze, note and resolve with who and when, and bounds the trail', () => {
    const store = new AlertStore();
    const { id } = store.record(burst(11, '10.0.0.1'), 0);
    store.act({ id, action: 'ack' }, 1, 'ana');
    store.act({ id, action: 'snooze', durationMs: 90 * MINUTE }, 2, 'bo');
    store.act({ id, action: 'note', text: 'blocked at the firewall' }, 3, 'ana');
    store.act({ id, action: 'resolve' }, 4, 'bo');
    expect(store.get(id)?.audit).toEqual([
      { at: 1, who: 'ana', action: 'ack', text: null },
      { at: 2, who: 'bo', action: 'snooze', text: 'for 1 h 30 min' },
      { at: 3, who: 'ana', action: 'note', text: 'blocked at the firewall' },
      { at: 4, who: 'bo', action: 'resolve', text: null },
    ]);
    for (let i = 0; i < 2 * MAX_AUDIT_ENTRIES; i++)
      store.act({ id, action: 'note', text: `n${i}` }, 10 + i, 'c');
    const audit = store.get(id)?.audit ?? [];
    expect(audit).toHaveLength(MAX_AUDIT_ENTRIES);
    expect(audit[0]).toMatchObject({ action: 'ack', who: 'ana' }); // how it began stays
    expect(audit.at(-1)).toMatchObject({ text: `n${2 * MAX_AUDIT_ENTRIES - 1}` });
  });

  it('audits an auto-resolve as done by Vigil', () => {
    const store = new AlertStore({ autoResolveMs: 30 * MINUTE });
    const { id } = store.record(burst(11, '10.0.0.1'), 0);
    store.tick(30 * MINUTE);
    expect(store.get(id)?.audit).toEqual([
      { at: 30 * MINUTE, who: 'vigil', action: 'resolve', text: 'no occurrence for 30 min' },
    ]);
  });
});

describe('snoozed is a status', () => {
  it('is its own status and wakes when the alert escalates', () => {
    const store = new AlertStore();
    const { id } = store.record({ ...burst(11, '10.0.0.1'), level: 'high' }, 0);
    store.act({ id, action: 'snooze', durationMs: MINUTE }, 0, 'ana');
    expect(store.get(id)).toMatchObject({ status: 'snoozed', snoozedUntil: MINUTE });
    store.record(burst(11, '10.0.0.1'), 1000); // critical: more severe than what was snoozed
    expect(store.get(id)).toMatchObject({ status: 'open', snoozedUntil: null });
  });
});

describe('journals written before the lifecycle fields', () => {
  it('load with occurrence 1, an empty trail, and an old snooze as the snoozed status', () => {
    const old = {
      id: 'al-1',
      fingerprint: 'security|t|sshd',
      level: 'critical',
      trigger: 'security',
      title: 't',
      reason: 'r',
      count: 5,
      firstSeen: 0,
      lastSeen: 10,
      status: 'open',
      snoozedUntil: 99_000,
      service: 'sshd',
      topic: null,
      templateId: null,
      template: null,
      samples: [],
    };
    const store = new AlertStore();
    store.restore([Alert.parse(old)]);
    expect(store.get('al-1')).toMatchObject({
      status: 'snoozed',
      occurrence: 1,
      reopenedAt: null,
      firstReason: 'r',
      audit: [],
      incidentId: null,
    });
  });
});

describe('the actor', () => {
  it('is the Settings name when set, else the OS user, else a clear placeholder', () => {
    expect(resolveActor('  Ana Lima ', () => 'root')).toBe('Ana Lima');
    expect(resolveActor(null, () => 'svc-ops')).toBe('svc-ops');
    expect(resolveActor('', () => 'svc-ops')).toBe('svc-ops');
    expect(
      resolveActor(null, () => {
        throw new Error('ENOENT: no passwd entry');
      }),
    ).toBe(UNKNOWN_ACTOR);
  });
});
