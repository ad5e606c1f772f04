import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogRecord } from '../../core/contract';
import { parseMessage } from '../../core/parse';
import { DEFAULT_DEMO_DATA_DIR, loadDemoCorpus, type DemoLine } from '../../core/ingest/demo-corpus';
import { BASELINE_SYSTEMS, INCIDENT_KINDS } from '../../core/ingest/demo-systems';

const corpus = loadDemoCorpus();
const NOW = Date.UTC(2025, 2, 14, 9, 26, 53, 589);
/** Formats without milliseconds (BSD syslog, HDFS, Apache, Proxifier) round down to the second. */
const SECOND = 1000;

function parseRendered(line: DemoLine) {
  const value = Buffer.from(line.render(NOW));
  const outcome = parseMessage({
    topic: line.topic,
    partition: 0,
    offset: '0',
    timestamp: NOW,
    key: null,
    value,
  });
  if (!outcome.ok) throw new Error(`rejected ${outcome.issue.kind}: ${line.raw}`);
  return outcome;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe('demo corpus', () => {
  it('bundles 300 lines per system, every incident kind, and stays under 1 MB with its license', () => {
    expect(corpus.bySystem.map((s) => [s.system.name, s.lines.length])).toEqual(
      BASELINE_SYSTEMS.map((s) => [s.name, 300]),
    );
    for (const kind of INCIDENT_KINDS) expect(corpus.incidents[kind].length).toBeGreaterThanOrEqual(100);
    const files = filesUnder(DEFAULT_DEMO_DATA_DIR);
    const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
    expect(bytes).toBeLessThan(1024 * 1024);
    expect(files.map((f) => f.slice(DEFAULT_DEMO_DATA_DIR.length + 1))).toEqual(
      expect.arrayContaining(['LICENSE', 'ATTRIBUTION.md', 'extract.ts']),
    );
  });

  it('renders every line so that the parser reads back its format, level, service and the current time', () => {
    const problems: string[] = [];
    const lines = [...corpus.baseline, ...INCIDENT_KINDS.flatMap((k) => corpus.incidents[k])];
    for (const line of lines) {
      const { record, warnings } = parseRendered(line);
      const system = line.system;
      const expectedService = system.format.startsWith('syslog')
        ? line.service
        : system.format === 'plain'
          ? line.topic // a plain line names no service: its Kafka topic (docs/formats.md, issue 15)
          : system.service;
      if (!LogRecord.safeParse(record).success) problems.push(`invalid record: ${line.raw}`);
      if (warnings.length > 0) problems.push(`${warnings[0]!.kind}: ${line.raw}`);
      if (record.format !== system.format)
        problems.push(`format ${record.format} ≠ ${system.format}: ${line.raw}`);
      if (record.service !== expectedService)
        problems.push(`service ${record.service} ≠ ${expectedService}: ${line.raw}`);
      if (NOW - record.time < 0 || NOW - record.time >= SECOND)
        problems.push(`time ${record.time} ≠ ${NOW}: ${line.raw}`);
      if (
        system.format !== 'plain' &&
        system.format !== 'syslog3164' &&
        system.format !== 'syslog5424' &&
        record.level === null
      ) {
        problems.push(`no level: ${line.raw}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps the message content of the original line', () => {
    const hadoop = corpus.bySystem.find((s) => s.system.name === 'Hadoop')!.lines[0]!;
    const { record } = parseRendered(hadoop);
    expect(hadoop.raw.endsWith(record.message)).toBe(true);
    expect(record.fields.thread).toBeDefined();
    const ssh = corpus.incidents.ssh_brute_force[0]!;
    const parsedSsh = parseRendered(ssh).record;
    expect(parsedSsh).toMatchObject({
      format: 'syslog3164',
      service: 'sshd',
      host: 'LabSZ',
      topic: 'security',
    });
    expect(ssh.raw.endsWith(parsedSsh.message)).toBe(true);
    // The first attack line of Loghub's OpenSSH sample (a break-in warning): the attack is the incident.
    expect(parsedSsh.message).toMatch(/POSSIBLE BREAK-IN ATTEMPT/);
  });

  it('routes incident lines to their topics: brute force → security, latency → performance', () => {
    expect(new Set(corpus.incidents.ssh_brute_force.map((l) => l.topic))).toEqual(new Set(['security']));
    expect(new Set(corpus.incidents.latency.map((l) => l.topic))).toEqual(new Set(['performance']));
    expect(new Set(corpus.incidents.error_spike.map((l) => parseRendered(l).record.level))).toEqual(
      new Set(['error', 'fatal']),
    );
  });

  it('never shows an incident line in the baseline', () => {
    const baselineMessages = new Set(corpus.baseline.map((l) => parseRendered(l).record.message));
    for (const kind of INCIDENT_KINDS) {
      const leaked = corpus.incidents[kind].filter((l) =>
        baselineMessages.has(parseRendered(l).record.message),
      );
      expect(leaked.map((l) => l.raw)).toEqual([]);
    }
  });

  it('fails with a clear error when the data folder is missing', () => {
    expect(() => loadDemoCorpus('/nonexistent/demo-data')).toThrow(/demo data missing.*baseline/);
  });
});
