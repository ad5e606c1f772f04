/**
 * The demo's background is calm, as an on-call engineer's normal traffic is (issue 16): the bundle
 * holds to calm.ts (every baseline line is a calm line of its Loghub sample; the OpenSSH attack is
 * the scripted brute-force incident, not background), and the background alone, replayed through
 * the real engine for five virtual minutes, raises no high or critical alert and no security alert.
 * The same run with the scripted incidents on raises the brute-force alert, so the harness sees
 * alerts when there are some.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../core/contract';
import { createEngine } from '../../core/engine/create';
import { VirtualScheduler } from '../fixtures/virtual-scheduler';
import { loadDemoCorpus } from '../../core/ingest/demo-corpus';
import { isCalm } from '../../core/ingest/demo-data/calm';
import { readStructuredCsv } from '../../core/ingest/demo-data/loghub-csv';
import { DemoSource } from '../../core/ingest/demo-source';
import type { BatchHandler, LogSource } from '../../core/ingest/source';
import { loghubDir, rawLines } from '../fixtures/loghub';

const corpus = loadDemoCorpus();

/** Each raw line of a Loghub sample with its structured row (the ground truth's Level and Content). */
function rowsByRaw(system: string): Map<string, Record<string, string>> {
  const raw = rawLines(system);
  const rows = readStructuredCsv(join(loghubDir(), system, `${system}_2k.log_structured.csv`));
  expect(rows).toHaveLength(raw.length);
  return new Map(raw.map((line, i) => [line, rows[i]!]));
}

describe('the demo bundle', () => {
  it('holds only calm lines in the background, each a line of its Loghub sample', () => {
    const problems: string[] = [];
    for (const { system, lines } of corpus.bySystem) {
      const rows = rowsByRaw(system.name);
      for (const line of lines) {
        const row = rows.get(line.raw);
        if (row === undefined) problems.push(`${system.name}: not in the sample: ${line.raw}`);
        else if (!isCalm(line.raw, row)) problems.push(`${system.name}: not calm: ${line.raw}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('replays the OpenSSH attack as the brute-force incident: failed logins, invalid users, break-in warnings', () => {
    const rows = rowsByRaw('OpenSSH');
    const attack = corpus.incidents.ssh_brute_force;
    expect(attack.every((l) => rows.has(l.raw) && !isCalm(l.raw, rows.get(l.raw)!))).toBe(true);
    const kinds = (pattern: RegExp) => attack.filter((l) => pattern.test(l.raw)).length;
    expect(kinds(/Failed password/)).toBeGreaterThan(10);
    expect(kinds(/Invalid user/)).toBeGreaterThan(10);
    expect(kinds(/POSSIBLE BREAK-IN ATTEMPT/)).toBeGreaterThan(0);
    // sshd's background keeps its ordinary lines (disconnects, sessions), none of them a failure.
    const sshd = corpus.bySystem.find((s) => s.system.name === 'OpenSSH')!.lines;
    expect(sshd.some((l) => /Received disconnect|Connection closed/.test(l.raw))).toBe(true);
    expect(sshd.filter((l) => /Failed|Invalid user|authentication failure/.test(l.raw))).toEqual([]);
  });
});

/** The demo at 200 logs/s for `minutes` of virtual time through createEngine: its alerts. */
async function replay(minutes: number, incidents: boolean): Promise<{ alerts: Alert[]; logs: number }> {
  const t0 = Date.UTC(2026, 0, 5, 9, 0, 0);
  const scheduler = new VirtualScheduler(t0, t0 + minutes * 60_000);
  const demo = new DemoSource(
    { rate: 200, incidents },
    { scheduler, minBatchIntervalMs: 1000, incidents: { firstAfterMs: 10_000 } },
  );
  const source: LogSource = {
    kind: 'demo',
    start: (handler: BatchHandler) => demo.start(handler),
    stop: () => demo.stop(),
    status: () => demo.status(),
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-demo-calm-'));
  const client = await createEngine({
    dataDir,
    engine: { now: () => scheduler.now(), createSource: () => source, tickMs: 3_600_000 },
  });
  try {
    await client.call('engine:start', { source: 'demo', demo: { rate: 200, incidents } });
    await scheduler.ended;
    await client.call('engine:stop', {});
    const { alerts } = await client.call('alerts:list', { limit: 1000 });
    return { alerts, logs: demo.stats().delivered };
  } finally {
    await client.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('the demo background through the engine', () => {
  it('raises no high or critical alert and no security alert in five minutes; the incidents do', async () => {
    const calm = await replay(5, false);
    expect(calm.logs).toBeGreaterThan(0.99 * 5 * 60 * 200); // 200 logs/s; the last second may be pending
    const loud = (alerts: Alert[]) =>
      alerts
        .filter((a) => a.level === 'high' || a.level === 'critical' || a.trigger === 'security')
        .map((a) => `${a.level} ${a.title}`);
    expect(loud(calm.alerts)).toEqual([]);

    const withIncidents = await replay(1, true);
    expect(loud(withIncidents.alerts)).toContain('critical Possible brute-force attack on sshd');
  }, 120_000);
});
