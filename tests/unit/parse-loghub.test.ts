/**
 * The parser against Loghub's ground truth (structured CSVs): levels, timestamps and message
 * content for all 16 systems, 32,000 real lines, from data/loghub (or LOGHUB_DIR): fails loudly
 * without it, as every Loghub test does.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogRecord } from '../../core/contract';
import { parseText } from '../../core/parse';
import { levelFromLetter, levelFromWord } from '../../core/parse/level';
import { readRawLines, readStructuredCsv } from '../../core/ingest/demo-data/loghub-csv';
import { loghubDir } from '../fixtures/loghub';

const LOGHUB_DIR = loghubDir();

const SYSTEMS_WITH_LEVEL = [
  'Android',
  'Apache',
  'BGL',
  'HDFS',
  'Hadoop',
  'OpenStack',
  'Spark',
  'Windows',
  'Zookeeper',
];
const SYSTEMS_WITH_TIME = [
  ...SYSTEMS_WITH_LEVEL,
  'HealthApp',
  'Linux',
  'Mac',
  'OpenSSH',
  'Proxifier',
  'Thunderbird',
];
const SYSTEMS = [...SYSTEMS_WITH_TIME, 'HPC'];
const meta = { topic: 'logs', partition: 0, offset: '0', timestamp: Date.UTC(2024, 5, 1) };

const cache = new Map<string, Array<{ line: string; row: Record<string, string> }>>();

function load(system: string) {
  const cached = cache.get(system);
  if (cached !== undefined) return cached;
  const lines = readRawLines(join(LOGHUB_DIR, system, `${system}_2k.log`));
  const rows = readStructuredCsv(join(LOGHUB_DIR, system, `${system}_2k.log_structured.csv`));
  const data = lines.map((line, i) => ({ line, row: rows[i]! }));
  cache.set(system, data);
  return data;
}

describe(`parser vs Loghub ground truth (${LOGHUB_DIR})`, () => {
  // Mismatches are collected and compared once: 2,000 expect() calls per system would dominate the run.
  it.each(SYSTEMS)(
    '%s: every line parses into a valid record whose message ends with the Content',
    (system) => {
      const data = load(system);
      const problems: string[] = [];
      let contentMatches = 0;
      for (const { line, row } of data) {
        const outcome = parseText(line, meta);
        if (!outcome.ok) problems.push(`rejected ${outcome.issue.kind}: ${line}`);
        else if (outcome.warnings.length > 0) problems.push(`warning ${outcome.warnings[0]!.kind}: ${line}`);
        else if (!LogRecord.safeParse(outcome.record).success) problems.push(`invalid record: ${line}`);
        else if (outcome.record.message.endsWith(row.Content!.trim())) contentMatches++;
      }
      expect(problems).toEqual([]);
      // The few misses are lines whose Content keeps a header part the parser moves to fields
      // (Apache `[client …]`, sshd `error:`); see parse-plain.test.ts.
      expect(contentMatches / data.length).toBeGreaterThanOrEqual(0.97);
    },
  );

  it.each(SYSTEMS_WITH_LEVEL)('%s: the level matches the ground truth on every line', (system) => {
    const mismatches: string[] = [];
    for (const { line, row } of load(system)) {
      const outcome = parseText(line, meta);
      const expected = levelFromWord(row.Level!) ?? levelFromLetter(row.Level!);
      const got = outcome.ok ? outcome.record.level : 'rejected';
      if (expected === null || got !== expected) mismatches.push(`${row.Level} → ${got}: ${line}`);
    }
    expect(mismatches).toEqual([]);
  });

  it.each(SYSTEMS_WITH_TIME)('%s: the timestamp is read from the line, not taken from Kafka', (system) => {
    const untimed = load(system).filter(({ line }) => {
      const outcome = parseText(line, meta);
      return !outcome.ok || outcome.record.time === meta.timestamp;
    });
    expect(untimed.map((d) => d.line)).toEqual([]);
  });

  it('BGL: the epoch second of the header is the record time', () => {
    const wrong = load('BGL').filter(({ line, row }) => {
      const outcome = parseText(line, meta);
      return !outcome.ok || outcome.record.time !== Number(row.Timestamp) * 1000;
    });
    expect(wrong.map((d) => d.line)).toEqual([]);
  });

  // Loghub names these columns differently per system.
  it.each([
    { system: 'OpenSSH', hostColumn: 'Component', programColumn: null, pidColumn: 'Pid' },
    { system: 'Linux', hostColumn: 'Level', programColumn: 'Component', pidColumn: 'PID' },
  ])(
    '$system: host, program and pid come from the syslog header',
    ({ system, hostColumn, programColumn, pidColumn }) => {
      const data = load(system);
      let matches = 0;
      for (const { line, row } of data) {
        const outcome = parseText(line, meta);
        if (!outcome.ok) continue;
        const r = outcome.record;
        const program = programColumn === null ? 'sshd' : row[programColumn];
        if (r.host === row[hostColumn] && r.service === program && (r.fields.pid ?? '') === row[pidColumn])
          matches++;
      }
      expect(matches / data.length).toBeGreaterThanOrEqual(0.97);
    },
  );
});
