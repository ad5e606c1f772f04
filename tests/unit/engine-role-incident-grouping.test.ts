/**
 * Issue 19: incidents in a cluster role are a pure function of the cluster's alert states
 * (core/engine/roles/incident-grouping.ts): the same states in any order give the same incidents
 * and ids; the standalone grouping rules (address, service, family, window, episodes) apply; the
 * level is the highest child's; the status is derived from the children; the audit and timeline
 * come from the children's trails. The alerts are folded from evidence (core/cluster/fold.ts) whose
 * samples are real lines of the Loghub OpenSSH and Linux samples (data/loghub/).
 */
import { describe, expect, it } from 'vitest';
import { Incident, type Alert } from '../../core/contract';
import { AlertManager } from '../../core/alerts/alert-manager';
import { DEFAULT_INCIDENT_OPTIONS, type IncidentOptions } from '../../core/alerts/incidents';
import { applyAction, type AlertState } from '../../core/cluster/fold';
import { alertOfState } from '../../core/engine/roles/cluster-alert-list';
import { derivedStatus, groupIncidents } from '../../core/engine/roles/incident-grouping';
import { MINUTE, SSHD_52, T0, kernel, pam, sshd, state } from './cluster-incident-states';

const options: IncidentOptions = { ...DEFAULT_INCIDENT_OPTIONS };
const group = (states: AlertState[], now = T0 + 60 * MINUTE, opts = options) =>
  groupIncidents(
    states.map((s) => alertOfState(s, now)),
    opts,
  );

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let x = seed;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('incidents over the cluster’s alerts', () => {
  it('gives the same incidents, ids included, whatever order the states arrive in', () => {
    // Two alerts start in the same millisecond: the opener is still the same one everywhere.
    const states = [
      pam(T0 + 10_000),
      sshd(T0 + 10_000),
      sshd(T0 + 4 * MINUTE, SSHD_52),
      kernel(T0 + 30 * MINUTE),
      { ...sshd(T0 + 30 * MINUTE, SSHD_52), fingerprint: 'security|rule:sshd.brute-force|sshd|c' },
    ].map(state);
    const reference = group(states);
    expect(reference.length).toBeGreaterThan(1);
    for (let seed = 1; seed <= 20; seed++) expect(group(shuffled(states, seed))).toEqual(reference);
    for (const incident of reference) expect(Incident.parse(incident)).toEqual(incident);
  });

  it('groups as the standalone store does for the same alerts', () => {
    const specs = [pam(T0), sshd(T0 + 10_000), sshd(T0 + 4 * MINUTE, SSHD_52), kernel(T0 + 30 * MINUTE)];
    const m = new AlertManager({ incidents: options, actor: 'ana' });
    // Each alert's two occurrences (its start and its end), in time order, as the stream had them.
    const occurrences = specs.flatMap((spec) => [
      { spec, at: spec.start },
      { spec, at: spec.end },
    ]);
    for (const { spec, at } of occurrences.sort((x, y) => x.at - y.at)) {
      m.ingestCandidate(
        {
          groupKey: spec.fingerprint,
          rule: spec.fingerprint,
          level: spec.level,
          trigger: spec.level === 'medium' ? 'system_error' : 'security',
          title: spec.title,
          reason: spec.title,
          service: spec.service,
          topic: 'logs',
          templateId: null,
          template: spec.template,
          sample: spec.sample,
        },
        at,
      );
    }
    // Each incident as the samples of its alerts (one real line per alert) and its level.
    const shape = (incidents: Incident[], alerts: Alert[]) =>
      incidents
        .map((i) => [i.level, ...i.alertIds.map((id) => alerts.find((a) => a.id === id)!.samples[0]!).sort()])
        .sort();
    const clusterAlerts = specs.map((s) => alertOfState(state(s), T0));
    const standalone = shape(m.listIncidents(), m.list());
    // The attacker's first two alerts; the second address 4 min on, after a quiet gap of 170 s (an
    // episode of 2 min ended); the kernel's error.
    expect(standalone.map((i) => i.length - 1).sort()).toEqual([1, 1, 2]);
    expect(shape(groupIncidents(clusterAlerts, options), clusterAlerts)).toEqual(standalone);
  });

  it('keeps an incident’s id when an alert joins it, and escalates to the joining alert’s level', () => {
    const [first] = group([state(pam(T0))]);
    expect(first).toMatchObject({ level: 'high', alertCount: 1, status: 'open' });
    const after = group([state(pam(T0)), state(sshd(T0 + 10_000))]);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({
      id: first!.id,
      level: 'critical',
      title: 'Possible brute-force attack on sshd',
      alertCount: 2,
      groupKey: expect.stringContaining('address=173.234.31.186') as string,
    });
    expect(after[0]!.timeline.map((e) => e.kind)).toEqual(['opened', 'joined', 'escalated']);
  });

  it('opens a new incident after the episode gap, and within the window otherwise', () => {
    const quiet = options.endAfterQuietMs;
    const late = group([state(pam(T0, T0)), state(sshd(T0 + quiet + 1000))]);
    expect(late).toHaveLength(2);
    const soon = group([state(pam(T0, T0)), state(sshd(T0 + quiet - 1000))]);
    expect(soon).toHaveLength(1);
    // Episodes off: the window alone decides.
    const noEpisodes = { ...options, endAfterQuietMs: 0 };
    expect(group([state(pam(T0, T0)), state(sshd(T0 + quiet + 1000))], T0, noEpisodes)).toHaveLength(1);
    expect(
      group([state(pam(T0, T0)), state(sshd(T0 + options.windowMs + 1000))], T0, noEpisodes),
    ).toHaveLength(2);
  });

  it('derives the status from the children and merges their audit trails', () => {
    const now = T0 + 10 * MINUTE;
    const acked = (s: AlertState, who: string, at: number) => {
      const out = applyAction(s, { v: 1, fingerprint: s.alert.fingerprint, action: 'ack', who, at });
      if (!out.ok) throw new Error(out.reason);
      return out.state;
    };
    const a = state(pam(T0));
    const b = state(sshd(T0 + 10_000));
    expect(group([a, b], now)[0]!.status).toBe('open');
    // One incident action is one entry per child, with the same who and when: shown once.
    const both = group([acked(a, 'ana', now - 1000), acked(b, 'ana', now - 1000)], now)[0]!;
    expect(both.status).toBe('acknowledged');
    expect(both.audit).toEqual([{ at: now - 1000, who: 'ana', action: 'ack', text: null }]);
    expect(both.timeline.at(-1)).toMatchObject({ kind: 'acknowledged', text: 'by ana' });
    expect(group([acked(a, 'ana', now - 1000), b], now)[0]!.status).toBe('open');

    const alert = (status: Alert['status'], snoozedUntil: number | null = null) => ({
      ...alertOfState(a, now),
      status,
      snoozedUntil,
    });
    expect(derivedStatus([alert('resolved'), alert('resolved')]).status).toBe('resolved');
    expect(derivedStatus([alert('resolved'), alert('acknowledged')]).status).toBe('acknowledged');
    expect(derivedStatus([alert('snoozed', now + 5000), alert('snoozed', now + 9000)])).toEqual({
      status: 'snoozed',
      snoozedUntil: now + 5000,
    });
    expect(derivedStatus([alert('snoozed', now + 5000), alert('open')]).status).toBe('open');
  });

  it('keeps at most maxIncidents, the resolved and the oldest left out first', () => {
    const states: AlertState[] = [];
    for (let i = 0; i < 1200; i++) {
      const spec = kernel(T0 + i * 20 * MINUTE, T0 + i * 20 * MINUTE);
      states.push(state({ ...spec, fingerprint: `${spec.fingerprint}|${i}`, service: `svc-${i}` }));
    }
    const incidents = group(states, T0 + 1200 * 20 * MINUTE);
    expect(incidents).toHaveLength(options.maxIncidents);
    expect(incidents.at(-1)!.services).toEqual(['svc-200']);
    expect(incidents[0]!.services).toEqual(['svc-1199']);
  });
});
