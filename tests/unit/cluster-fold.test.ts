/**
 * The cluster's alert fold (core/cluster/fold.ts): the same evidence in any order, from any number of
 * analyzers, gives the same alert; actions apply with who and when; bad records are reasons, not throws.
 * Evidence comes from the real "Failed password" lines of the Loghub OpenSSH sample.
 */
import { describe, expect, it } from 'vitest';
import { type ClusterAction, decodeRecord, Evidence, MAX_SAMPLES } from '../../core/cluster/evidence';
import {
  applyAction,
  foldEvidence,
  mergeCounts,
  MAX_ACTIONS,
  type AlertState,
} from '../../core/cluster/fold';
import { rawLines } from '../fixtures/loghub';

const FAILURES = rawLines('OpenSSH').filter((line) => line.includes('Failed password'));
const FINGERPRINT = 'security|ssh-brute-force|sshd';

/** One batch's evidence as an analyzer would publish it: `lines` seen from `at` on, one second apart. */
function evidence(lines: string[], at: number, level: Evidence['level'] = 'high'): Evidence {
  return {
    v: 1,
    fingerprint: FINGERPRINT,
    level,
    trigger: 'security',
    title: level === 'critical' ? 'Possible brute-force attack on sshd' : 'Failed sshd logins',
    reason: `${lines.length} failed password attempts`,
    service: 'sshd',
    topic: 'logs',
    templateId: 't-ssh-failed',
    template: 'Failed password for <*> from <IP> port <NUM> ssh2',
    rule: null,
    count: lines.length,
    firstSeen: at,
    lastSeen: at + (lines.length - 1) * 1000,
    samples: lines.slice(0, MAX_SAMPLES).map((text, i) => ({ time: at + i * 1000, text })),
  };
}

/** A deterministic shuffle (mulberry32), so a failure names its seed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const fold = (items: readonly Evidence[]): AlertState =>
  items.reduce<AlertState | null>((state, e) => foldEvidence(state, e), null)!;

/** 600 failures in batches of 1 to 40, as 6 partitions' analyzers would cut them; one batch escalates. */
function batches(): Evidence[] {
  const out: Evidence[] = [];
  let taken = 0;
  let size = 1;
  while (taken < 600) {
    const n = Math.min(size, 600 - taken);
    const lines = Array.from({ length: n }, (_, i) => FAILURES[(taken + i) % FAILURES.length]!);
    out.push(evidence(lines, 1_700_000_000_000 + taken * 1000, out.length === 7 ? 'critical' : 'high'));
    taken += n;
    size = (size * 7) % 41 || 1;
  }
  return out;
}

describe('foldEvidence', () => {
  it('has real input: the OpenSSH sample holds failed-password lines', () => {
    expect(FAILURES.length).toBeGreaterThan(100);
  });

  it('counts every occurrence once and gives the same alert in any order', () => {
    const all = batches();
    const reference = fold(all);
    expect(reference.alert.count).toBe(600);
    expect(reference.alert.level).toBe('critical');
    expect(reference.alert.title).toBe('Possible brute-force attack on sshd');
    expect(reference.alert.firstSeen).toBe(1_700_000_000_000);
    expect(reference.alert.samples).toHaveLength(MAX_SAMPLES);
    expect(reference.alert.samples[0]).toBe(FAILURES[0]);
    for (const seed of [1, 2, 3, 42, 1234]) expect(fold(shuffled(all, seed))).toEqual(reference);
  });

  it('gives the same alert however the evidence is split between two owners in turn', () => {
    const all = batches();
    // Owner A folds the first part, crashes after committing; owner B restores A's state and goes on.
    const cut = Math.floor(all.length / 3);
    const restored = all.slice(cut).reduce((state, e) => foldEvidence(state, e), fold(all.slice(0, cut)));
    expect(restored).toEqual(fold(all));
  });

  it('picks the description by a total order, not by arrival', () => {
    const a = evidence([FAILURES[0]!], 2000);
    const b = { ...evidence([FAILURES[1]!], 1000), title: 'Failed sshd logins (earlier)' };
    expect(fold([a, b]).alert.title).toBe('Failed sshd logins (earlier)');
    expect(fold([b, a]).alert.title).toBe('Failed sshd logins (earlier)');
  });

  it('reopens a resolved alert on new evidence and an acknowledged one on escalation', () => {
    const who = { v: 1 as const, fingerprint: FINGERPRINT, who: 'alice', at: 5000 };
    const first = foldEvidence(null, evidence([FAILURES[0]!], 1000));
    const resolved = applyAction(first, { ...who, action: 'resolve' });
    expect(resolved.ok && resolved.state.alert.status).toBe('resolved');
    if (!resolved.ok) return;
    expect(foldEvidence(resolved.state, evidence([FAILURES[1]!], 6000)).alert.status).toBe('open');
    const acked = applyAction(first, { ...who, action: 'ack' });
    if (!acked.ok) throw new Error(acked.reason);
    expect(foldEvidence(acked.state, evidence([FAILURES[2]!], 7000)).alert.status).toBe('acknowledged');
    expect(foldEvidence(acked.state, evidence([FAILURES[2]!], 7000, 'critical')).alert.status).toBe('open');
  });
});

describe('applyAction', () => {
  const base = foldEvidence(null, evidence(FAILURES.slice(0, 3), 1000));
  const act = (action: Partial<ClusterAction> & Pick<ClusterAction, 'action'>): ClusterAction => ({
    v: 1,
    fingerprint: FINGERPRINT,
    who: 'alice',
    at: 10_000,
    ...action,
  });

  it('records who and when with each action, bounded', () => {
    const acked = applyAction(base, act({ action: 'ack' }));
    expect(acked).toMatchObject({
      ok: true,
      state: {
        alert: { status: 'acknowledged' },
        actions: [{ at: 10_000, who: 'alice', action: 'ack', text: null }],
      },
    });
    let state = base;
    for (let i = 0; i < MAX_ACTIONS + 5; i++) {
      const noted = applyAction(state, act({ action: 'note', text: `note ${i}`, at: i }));
      if (!noted.ok) throw new Error(noted.reason);
      state = noted.state;
    }
    expect(state.actions).toHaveLength(MAX_ACTIONS);
    expect(state.actions.at(-1)?.text).toBe(`note ${MAX_ACTIONS + 4}`);
  });

  it('snoozes from the action time and refuses what the state does not allow', () => {
    const snoozed = applyAction(base, act({ action: 'snooze', durationMs: 60_000 }));
    expect(snoozed.ok && snoozed.state.alert.snoozedUntil).toBe(70_000);
    const resolved = applyAction(base, act({ action: 'resolve' }));
    if (!resolved.ok) throw new Error(resolved.reason);
    expect(applyAction(resolved.state, act({ action: 'ack' }))).toEqual({
      ok: false,
      reason: 'the alert is resolved',
    });
    expect(applyAction(base, act({ action: 'note', text: ' ' }))).toEqual({
      ok: false,
      reason: 'a note needs text',
    });
    expect(applyAction(base, act({ action: 'snooze' })).ok).toBe(false);
  });
});

describe('decodeRecord', () => {
  it('reads a valid record and gives a reason for a bad one', () => {
    const e = evidence([FAILURES[0]!], 1000);
    expect(decodeRecord(Evidence, Buffer.from(JSON.stringify(e)))).toEqual({ ok: true, value: e });
    expect(decodeRecord(Evidence, null)).toEqual({ ok: false, reason: 'empty value' });
    expect(decodeRecord(Evidence, Buffer.from('{not json'))).toEqual({ ok: false, reason: 'not JSON' });
    const bad = decodeRecord(Evidence, Buffer.from(JSON.stringify({ ...e, count: 0 })));
    expect(bad.ok === false && bad.reason).toMatch(/^count: /);
  });

  it('sums the templates of the evidence in any order, and bounds them with (other)', () => {
    const items = batches().map((e, i) => ({
      ...e,
      templates: [
        { value: 't-ssh-failed', count: e.count - (i % 2) },
        ...(i % 2 === 1 ? [{ value: `t-variant-${i % 3}`, count: 1 }] : []),
      ],
    }));
    const reference = fold(items).alert.templates!;
    expect(reference.reduce((n, t) => n + t.count, 0)).toBe(600);
    expect(reference[0]!.value).toBe('t-ssh-failed');
    for (let seed = 1; seed <= 10; seed++)
      expect(fold(shuffled(items, seed)).alert.templates).toEqual(reference);
    expect(mergeCounts(undefined, undefined)).toBeUndefined();
    // 25 templates: the 19 busiest kept, the rest counted in (other), the total unchanged.
    const many = Array.from({ length: 25 }, (_, i) => ({
      value: `t-${String(i).padStart(2, '0')}`,
      count: 30 - i,
    }));
    const merged = mergeCounts(many.slice(0, 12), many.slice(12))!;
    expect(merged).toHaveLength(20);
    expect(merged.at(-1)!.value).toBe('(other)');
    expect(merged.reduce((n, t) => n + t.count, 0)).toBe(many.reduce((n, t) => n + t.count, 0));
    // Evidence from an analyzer that sends no templates leaves the alert's as they are.
    const without = foldEvidence(fold(items.slice(0, 3)), batches()[3]!);
    expect(without.alert.templates).toEqual(fold(items.slice(0, 3)).alert.templates);
  });
});
