/**
 * Issue 19: what an analyzer or console answers `alerts:list` with (core/engine/roles/
 * cluster-alert-list.ts): the cluster's folded alert states as the contract's alerts, with the
 * fold's actions as the audit trail (who and when), a running snooze as `snoozed`, and the same
 * filters, order and default page as the standalone store. States are folded from evidence of the
 * real "Failed password" lines of the Loghub OpenSSH sample and of its sudo lines.
 */
import { describe, expect, it } from 'vitest';
import { Alert } from '../../core/contract';
import { MAX_SAMPLES, type ClusterAction, type Evidence } from '../../core/cluster/evidence';
import { applyAction, foldEvidence, type AlertState } from '../../core/cluster/fold';
import { alertOfState, countAlerts, listAlerts } from '../../core/engine/roles/cluster-alert-list';
import { rawLines } from '../fixtures/loghub';

const OPENSSH = rawLines('OpenSSH');
const FAILURES = OPENSSH.filter((line) => line.includes('Failed password'));
const OTHERS = OPENSSH.filter((line) => line.includes('Received disconnect'));

function state(fingerprint: string, lines: string[], at: number, level: Evidence['level']): AlertState {
  return foldEvidence(null, {
    v: 1,
    fingerprint,
    level,
    trigger: 'security',
    title: `alert ${fingerprint}`,
    reason: `${lines.length} lines`,
    service: fingerprint.split('|')[2] ?? null,
    topic: 'logs',
    templateId: null,
    template: null,
    rule: null,
    count: lines.length,
    firstSeen: at,
    lastSeen: at,
    samples: lines.slice(0, MAX_SAMPLES).map((text) => ({ time: at, text })),
  });
}

function act(s: AlertState, action: Omit<ClusterAction, 'v' | 'fingerprint'>): AlertState {
  const outcome = applyAction(s, { v: 1, fingerprint: s.alert.fingerprint, ...action });
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.state;
}

describe('the cluster alerts a role lists', () => {
  const now = 1_700_000_000_000;
  const brute = state('security|rule:sshd.brute-force|sshd', FAILURES.slice(0, 20), now - 5000, 'high');
  const disconnects = state('security|rule:sshd.disconnect|sshd', OTHERS.slice(0, 3), now - 1000, 'low');

  it('carries the fold actions as the audit trail, who and when, and validates as an Alert', () => {
    const acked = act(brute, { action: 'ack', who: 'alice', at: now - 100 });
    const noted = act(acked, { action: 'note', text: 'blocked at the firewall', who: 'bob', at: now - 50 });
    const alert = Alert.parse(alertOfState(noted, now));
    expect(alert.status).toBe('acknowledged');
    expect(alert.count).toBe(20);
    expect(alert.audit).toEqual([
      { at: now - 100, who: 'alice', action: 'ack', text: null },
      { at: now - 50, who: 'bob', action: 'note', text: 'blocked at the firewall' },
    ]);
  });

  it('shows a running snooze as snoozed and an expired one as the status under it', () => {
    const snoozed = act(brute, { action: 'snooze', durationMs: 60_000, who: 'alice', at: now });
    expect(alertOfState(snoozed, now + 59_000).status).toBe('snoozed');
    expect(alertOfState(snoozed, now + 61_000).status).toBe('open');
    const resolved = act(snoozed, { action: 'resolve', who: 'alice', at: now + 1 });
    expect(alertOfState(resolved, now + 2).status).toBe('resolved');
  });

  it('filters, orders newest first and pages like alerts:list', () => {
    const acked = act(brute, { action: 'ack', who: 'alice', at: now });
    const states = [acked, disconnects];
    expect(listAlerts(states, {}, now).map((a) => a.fingerprint)).toEqual([
      disconnects.alert.fingerprint,
      brute.alert.fingerprint,
    ]);
    expect(listAlerts(states, { status: ['acknowledged'] }, now).map((a) => a.count)).toEqual([20]);
    expect(listAlerts(states, { level: ['low'] }, now).map((a) => a.count)).toEqual([3]);
    expect(listAlerts(states, { service: 'nginx' }, now)).toEqual([]);
    expect(listAlerts(states, { limit: 1 }, now)).toHaveLength(1);
  });

  it('counts open and acknowledged alerts by level and trigger, not resolved ones', () => {
    const resolved = act(disconnects, { action: 'resolve', who: 'alice', at: now });
    const counts = countAlerts([brute, resolved]);
    expect(counts.byLevel).toEqual({ critical: 0, high: 1, medium: 0, low: 0 });
    expect(counts.byTrigger.security).toBe(1);
  });
});
