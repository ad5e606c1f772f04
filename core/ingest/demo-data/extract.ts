/**
 * Regenerates the demo bundle (baseline/ and incidents/ beside this file) from Loghub's 2k samples.
 *
 *   LOGHUB_DIR=/path/to/loghub npx tsx core/ingest/demo-data/extract.ts
 *
 * LOGHUB_DIR defaults to the repository's data/loghub.
 * The selection is deterministic (fixed strides, no randomness), so a rerun reproduces the files.
 *
 * Baseline: up to BASELINE_LINES lines per system, evenly spread over the sample, without the lines
 * reserved for incidents and only calm ones (calm.ts: no error-level line, and in samples without a
 * level no line reporting a failure or an attack), so the baseline is the calm background an
 * on-call engineer's normal traffic is. Incidents: real lines chosen by pattern or label (see
 * INCIDENT_SOURCES), in their original order.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isCalm, NOT_CALM } from './calm';
import { readRawLines, readStructuredCsv } from './loghub-csv';
import { BASELINE_SYSTEMS, INCIDENT_KINDS, type IncidentKind } from '../demo-systems';

const BASELINE_LINES = 300;
const MAX_INCIDENT_LINES_PER_SOURCE = 160;

interface LoghubLine {
  raw: string;
  row: Record<string, string>;
}

interface IncidentSource {
  system: string;
  select: (line: LoghubLine) => boolean;
}

/** Slow reads and connection retries (Hadoop), election and session time-outs (ZooKeeper). */
const HADOOP_LATENCY = /Slow ReadProcessor|Retrying connect to server/;
const ZOOKEEPER_LATENCY = /time ?out|timed out/i;

/** Which real lines make up each scripted incident. */
const INCIDENT_SOURCES: Record<IncidentKind, IncidentSource[]> = {
  // The OpenSSH sample is a server under password guessing: its attack lines are this incident.
  ssh_brute_force: [{ system: 'OpenSSH', select: (l) => NOT_CALM.test(l.row.Content ?? l.raw) }],
  error_spike: [{ system: 'Hadoop', select: (l) => l.row.Level === 'ERROR' || l.row.Level === 'FATAL' }],
  latency: [
    { system: 'Hadoop', select: (l) => HADOOP_LATENCY.test(l.row.Content ?? '') && l.row.Level !== 'ERROR' },
    { system: 'Zookeeper', select: (l) => ZOOKEEPER_LATENCY.test(l.row.Content ?? '') },
  ],
  // BGL lines carrying an alert label: templates the baseline never shows.
  novel_template: [{ system: 'BGL', select: (l) => l.row.Label !== undefined && l.row.Label !== '-' }],
};

function loghubDir(): string {
  return resolve(process.env.LOGHUB_DIR ?? join(__dirname, '../../../data/loghub'));
}

function readSystem(dir: string, system: string): LoghubLine[] {
  const raw = readRawLines(join(dir, system, `${system}_2k.log`));
  const rows = readStructuredCsv(join(dir, system, `${system}_2k.log_structured.csv`));
  if (rows.length !== raw.length)
    throw new Error(`${system}: ${raw.length} lines but ${rows.length} CSV rows`);
  return raw.map((line, i) => ({ raw: line, row: rows[i]! }));
}

/** `count` items spread evenly over `items`, order kept. */
function spread<T>(items: T[], count: number): T[] {
  if (items.length <= count) return items;
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]!);
}

function writeLines(path: string, lines: string[]): number {
  const text = lines.join('\n') + '\n';
  writeFileSync(path, text);
  return Buffer.byteLength(text);
}

function main(): void {
  const dir = loghubDir();
  const out = __dirname;
  const cache = new Map<string, LoghubLine[]>();
  const linesOf = (system: string): LoghubLine[] => {
    let lines = cache.get(system);
    if (lines === undefined) {
      lines = readSystem(dir, system);
      cache.set(system, lines);
    }
    return lines;
  };

  rmSync(join(out, 'baseline'), { recursive: true, force: true });
  rmSync(join(out, 'incidents'), { recursive: true, force: true });
  let totalBytes = 0;
  const reserved = new Map<string, Set<LoghubLine>>();
  const reservedTemplates = new Map<string, Set<string>>();

  for (const kind of INCIDENT_KINDS) {
    mkdirSync(join(out, 'incidents', kind), { recursive: true });
    for (const source of INCIDENT_SOURCES[kind]) {
      const chosen = linesOf(source.system).filter(source.select);
      const set = reserved.get(source.system) ?? new Set<LoghubLine>();
      const templates = reservedTemplates.get(source.system) ?? new Set<string>();
      for (const line of chosen) set.add(line);
      if (kind === 'novel_template') for (const line of chosen) templates.add(line.row.EventId ?? '');
      reserved.set(source.system, set);
      reservedTemplates.set(source.system, templates);
      const lines = spread(chosen, MAX_INCIDENT_LINES_PER_SOURCE).map((l) => l.raw);
      totalBytes += writeLines(join(out, 'incidents', kind, `${source.system}.log`), lines);
      console.log(`incidents/${kind}/${source.system}.log: ${lines.length} lines`);
    }
  }

  mkdirSync(join(out, 'baseline'), { recursive: true });
  for (const system of BASELINE_SYSTEMS) {
    const taken = reserved.get(system.name) ?? new Set<LoghubLine>();
    const novelTemplates = reservedTemplates.get(system.name) ?? new Set<string>();
    const eligible = linesOf(system.name).filter(
      (l) => !taken.has(l) && !novelTemplates.has(l.row.EventId ?? '') && isCalm(l.raw, l.row),
    );
    const lines = spread(eligible, BASELINE_LINES).map((l) => l.raw);
    totalBytes += writeLines(join(out, 'baseline', `${system.name}.log`), lines);
    console.log(`baseline/${system.name}.log: ${lines.length} of ${eligible.length} eligible lines`);
  }
  console.log(`total ${totalBytes} bytes from ${dir}`);
}

main();
