/**
 * `npm run bench -- cluster-incidents`: what a role's incident view costs (issue 19,
 * core/engine/roles/cluster-incidents.ts). Side by side in this one run, for 1,000 and 10,000 (the
 * view's bound) cluster alerts whose samples are the real lines of the Loghub OpenSSH sample: the
 * alert list alone (what `alerts:list` already does), one recomputation of the incidents after a
 * change (list, address scans cached, grouping, diff), and the first one (every address scanned).
 * CPU milliseconds each; the view recomputes at most once a second on a console and once in 5 s on
 * an analyzer, which gives its worst share of a core while the cluster's alerts change without pause.
 */
import { DEFAULT_INCIDENT_OPTIONS } from '../../core/alerts/incidents';
import { foldEvidence, type AlertState } from '../../core/cluster/fold';
import { countAlerts, listAlerts } from '../../core/engine/roles/cluster-alert-list';
import { ClusterIncidents } from '../../core/engine/roles/cluster-incidents';
import type { ClusterAlerts } from '../../core/engine/roles/role-runtime';
import { rawLines } from '../fixtures/loghub';

const T0 = 1_764_900_000_000;

function states(n: number): AlertState[] {
  const lines = rawLines('OpenSSH');
  return Array.from({ length: n }, (_, i) => {
    const at = T0 + i * 7_000; // a new alert every 7 s: incidents of a few alerts each
    return foldEvidence(null, {
      v: 1,
      fingerprint: `security|rule:r${i % 40}|svc-${i % 300}|${i}`,
      level: i % 5 === 0 ? 'critical' : 'high',
      trigger: 'security',
      title: `Alert ${i % 40}`,
      reason: 'r',
      service: `svc-${i % 300}`,
      topic: 'logs',
      templateId: null,
      template: null,
      rule: null,
      count: 1,
      firstSeen: at,
      lastSeen: at + 30_000,
      samples: [{ time: at, text: lines[i % lines.length]! }],
    });
  });
}

function cpuMs(step: () => void, rounds: number): number {
  const started = process.cpuUsage();
  for (let r = 0; r < rounds; r++) step();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000 / rounds;
}

function measure(n: number): Record<string, number> {
  const held = states(n);
  const now = T0 + n * 7_000;
  const alerts: ClusterAlerts = {
    list: (query, at) => listAlerts(held, query, at),
    counts: () => countAlerts(held),
    act: () => Promise.reject(new Error('not in this bench')),
    onChange: () => () => undefined,
    size: () => held.length,
    badRecords: () => 0,
  };
  const rounds = n >= 10_000 ? 5 : 30;
  const list = cpuMs(() => void alerts.list({ limit: Number.MAX_SAFE_INTEGER }, now), rounds);
  let view: ClusterIncidents | null = null;
  const first = cpuMs(() => {
    view = new ClusterIncidents(alerts, { options: DEFAULT_INCIDENT_OPTIONS, now: () => now });
    view.refresh();
  }, 1);
  const again = cpuMs(() => {
    view!.markStale();
    view!.refresh();
  }, rounds);
  return {
    [`listMs_${n}`]: round(list),
    [`firstRecomputeMs_${n}`]: round(first),
    [`recomputeMs_${n}`]: round(again),
    [`incidents_${n}`]: view!.list({ limit: 5000 }).length,
    // At most one recomputation a second on a console, one in 5 s on an analyzer (start-role.ts).
    [`worstCoreShareConsole_${n}`]: round(again / 1000),
    [`worstCoreShareAnalyzer_${n}`]: round(again / 5000),
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function benchClusterIncidents(): Record<string, unknown> {
  return { bench: 'cluster-incidents', ...measure(1_000), ...measure(10_000) };
}
