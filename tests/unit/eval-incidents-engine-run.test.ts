import { describe, expect, it } from 'vitest';
import { CALM } from '../eval/incidents/attribution';
import { CalmTraffic, parseCalmFile } from '../eval/incidents/calm';
import { parseCatalogueFile } from '../eval/incidents/catalogue';
import { runThroughEngine } from '../eval/incidents/engine-run';
import { buildSchedule, DEFAULT_SCHEDULE } from '../eval/incidents/schedule';

// A password-guessing run (the engine flags it today through its keyword rules) between calm lines
// that must raise nothing: the run goes through createEngine and every occurrence keeps its origin.
const CATALOGUE = `
family: openssh
incidents:
  - id: ssh-guessing
    kind: brute force
    description: One address guesses passwords for root several times a second.
    source: https://github.com/openssh/openssh-portable/blob/master/auth.c
    expect: { trigger: security, level: critical }
    service: sshd
    repeat: { count: 30, everyMs: 500 }
    vars:
      pid: { int: [10000, 60000] }
      port: { int: [32768, 60999] }
    formats:
      text:
        - '{ts.syslog} bastion-1 sshd[{pid}]: Failed password for root from 203.0.113.9 port {port} ssh2'
      json:
        - '{{"MESSAGE":"Failed password for root from 203.0.113.9 port {port} ssh2","SYSLOG_IDENTIFIER":"sshd","_PID":"{pid}"}}'
`;

const CALM_FILE = `
family: test
streams:
  - id: ok
    weight: 1
    source: https://nginx.org/en/docs/http/ngx_http_log_module.html
    vars:
      n: { int: [1, 9] }
    formats:
      text:
        - '198.51.100.{n} - - [{ts.clf}] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0" 0.00{n}'
`;

describe('runThroughEngine', () => {
  it('runs calm traffic and an incident through the engine and attributes every alert occurrence', async () => {
    const incidents = parseCatalogueFile('openssh.yaml', CATALOGUE);
    const schedule = { ...DEFAULT_SCHEDULE, warmupMs: 60_000, gapMs: 60_000 };
    const { instances, endMs } = buildSchedule(incidents, schedule);
    const calm = new CalmTraffic(
      parseCalmFile('calm.yaml', CALM_FILE),
      { seed: 1, ratePerSecond: 5, loghubShare: 0 },
      [],
    );
    const run = await runThroughEngine(instances, calm, schedule.startMs, endMs);

    const incidentLines = instances.reduce((n, i) => n + i.lines.length, 0);
    expect(run.logs).toBeGreaterThan(incidentLines);
    expect(run.durationMs).toBe(endMs - schedule.startMs);
    const fromIncidents = run.occurrences.filter((o) => o.origin !== CALM);
    expect(new Set(fromIncidents.map((o) => o.origin))).toEqual(new Set([0, 1]));
    expect(fromIncidents.every((o) => o.at >= instances[o.origin]!.start)).toBe(true);
    expect(fromIncidents.filter((o) => o.origin === 0).some((o) => o.trigger === 'security')).toBe(true);
    // 200 answers in the calm traffic never raise a high or critical alert.
    expect(
      run.occurrences.filter((o) => o.origin === CALM && (o.level === 'high' || o.level === 'critical')),
    ).toEqual([]);
  }, 60_000);
});
