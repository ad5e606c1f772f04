/**
 * Grouping accuracy of the template miner on the 16 Loghub 2k samples.
 *
 * For each system, the `Content` column is fed in file order to a fresh `TemplateMiner`; a line is
 * correct when the set of lines the miner put in its group equals exactly the set of lines that
 * share its ground-truth `EventId` (Grouping Accuracy, as in Zhu et al., "Tools and Benchmarks for
 * Automated Log Parsing", ICSE-SEIP 2019). The `EventTemplate` column is never read.
 *
 * Two groupings are scored: the final one (each line's id passed through `resolve`, i.e. after
 * templates that turned out to be one were merged — what the pattern list shows once the stream
 * has been read) and the online one (the ids exactly as `add` returned them, line by line). Both
 * averages must reach `MIN_AVERAGE_GA`.
 *
 * Data: Loghub (https://github.com/logpai/loghub), Zhu et al., "Loghub: A Large Collection of
 * System Log Datasets for AI-driven Log Analytics", ISSRE 2023. Directory from env `LOGHUB_DIR`,
 * default `data/loghub` relative to the repository root.
 *
 * Run: `npm run eval:patterns` (exits 1 when an average is below the bar).
 * `PATTERNS_DEBUG=<System>[,<System>…]` also prints those systems' mis-grouped lines.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvRecords } from '../../core/patterns/csv';
import { TemplateMiner } from '../../core/patterns/miner';
import { LOGHUB_SYSTEMS, loghubDir } from '../fixtures/loghub';

export { LOGHUB_SYSTEMS, loghubDir } from '../fixtures/loghub';

/** The average grouping accuracy below which the evaluation fails. */
export const MIN_AVERAGE_GA = 0.9;

export interface LabelledLine {
  content: string;
  eventId: string;
}

/** Reads `<System>/<System>_2k.log_structured.csv`: the `Content` and `EventId` of each line. */
export function loadLoghubSample(system: string, dir = loghubDir()): LabelledLine[] {
  const file = join(dir, system, `${system}_2k.log_structured.csv`);
  if (!existsSync(file)) {
    throw new Error(`${file} not found: set LOGHUB_DIR to the directory holding the Loghub 2k samples`);
  }
  const records = parseCsvRecords(readFileSync(file, 'utf8'));
  return records.map((r, i) => {
    const content = r.Content;
    const eventId = r.EventId;
    if (content === undefined || eventId === undefined) {
      throw new Error(`${file}: record ${i + 1} lacks a Content or EventId column`);
    }
    return { content, eventId };
  });
}

/**
 * Share of lines whose predicted group (as a set of line indexes) equals their true group.
 * Two groupings agree on a line exactly when its predicted group and true group have the same
 * size and every member of the predicted group carries the same truth label.
 */
export function groupingAccuracy(predicted: readonly string[], truth: readonly string[]): number {
  if (predicted.length !== truth.length) throw new Error('predicted and truth lengths differ');
  if (truth.length === 0) return 1;
  const predictedMembers = new Map<string, number[]>();
  predicted.forEach((p, i) => {
    const list = predictedMembers.get(p);
    if (list) list.push(i);
    else predictedMembers.set(p, [i]);
  });
  const truthSize = new Map<string, number>();
  for (const t of truth) truthSize.set(t, (truthSize.get(t) ?? 0) + 1);
  let correct = 0;
  for (const members of predictedMembers.values()) {
    const label = truth[members[0] as number] as string;
    if (truthSize.get(label) !== members.length) continue;
    if (members.every((i) => truth[i] === label)) correct += members.length;
  }
  return correct / truth.length;
}

export interface SystemResult {
  system: string;
  lines: number;
  truthGroups: number;
  /** Groups after the stream: each line's template id resolved through later merges. */
  finalGroups: number;
  /** GA of the final grouping (`resolve(id)` of each line's id). */
  ga: number;
  /** GA of the ids as `add` returned them, line by line, before any later merge. */
  onlineGa: number;
}

interface MinedSample {
  lines: LabelledLine[];
  online: string[];
  final: string[];
  miner: TemplateMiner;
}

function mineSample(system: string, dir: string): MinedSample {
  const lines = loadLoghubSample(system, dir);
  const miner = new TemplateMiner();
  const online = lines.map((l) => miner.add(l.content).templateId);
  const final = online.map((id) => miner.resolve(id));
  return { lines, online, final, miner };
}

export function evaluateSystem(system: string, dir = loghubDir()): SystemResult {
  return summarize(system, mineSample(system, dir));
}

function summarize(system: string, mined: MinedSample): SystemResult {
  const truth = mined.lines.map((l) => l.eventId);
  return {
    system,
    lines: truth.length,
    truthGroups: new Set(truth).size,
    finalGroups: new Set(mined.final).size,
    ga: groupingAccuracy(mined.final, truth),
    onlineGa: groupingAccuracy(mined.online, truth),
  };
}

/** Prints each true group that the final grouping did not recover exactly, and how it was split. */
function printErrors(system: string, mined: MinedSample): void {
  const byTruth = groupIndexes(mined.lines.map((l) => l.eventId));
  const byPredicted = groupIndexes(mined.final);
  const templateOf = new Map([...mined.miner.templates()].map((t) => [t.templateId, t.template]));
  console.log(`\n=== ${system}: mis-grouped truth groups`);
  for (const [eventId, members] of byTruth) {
    const predicted = new Set(members.map((i) => mined.final[i] as string));
    const only = [...predicted][0] as string;
    if (predicted.size === 1 && byPredicted.get(only)?.length === members.length) continue;
    console.log(`-- ${eventId} (${members.length} lines) -> ${predicted.size} predicted group(s)`);
    for (const p of predicted) {
      const group = byPredicted.get(p) ?? [];
      const inside = group.filter((i) => mined.lines[i]?.eventId === eventId);
      console.log(`   ${p}: ${inside.length}/${group.length} | ${templateOf.get(p) ?? '(evicted)'}`);
      console.log(`      e.g. ${mined.lines[inside[0] as number]?.content.slice(0, 200)}`);
    }
  }
}

function groupIndexes(labels: readonly string[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  labels.forEach((label, i) => {
    const list = groups.get(label);
    if (list) list.push(i);
    else groups.set(label, [i]);
  });
  return groups;
}

function main(): void {
  const dir = loghubDir();
  const debug = new Set((process.env.PATTERNS_DEBUG ?? '').split(',').filter(Boolean));
  const results: SystemResult[] = [];
  for (const system of LOGHUB_SYSTEMS) {
    const mined = mineSample(system, dir);
    if (debug.has(system)) printErrors(system, mined);
    results.push(summarize(system, mined));
  }
  const average = mean(results.map((r) => r.ga));
  const onlineAverage = mean(results.map((r) => r.onlineGa));
  const row = (cells: string[]) =>
    console.log(cells.map((c, i) => (i === 0 ? c.padEnd(12) : c.padStart(8))).join(' '));
  console.log(`Loghub 2k samples from ${dir}`);
  row(['system', 'lines', 'truth', 'found', 'GA', 'onlineGA']);
  for (const r of results) {
    row([
      r.system,
      String(r.lines),
      String(r.truthGroups),
      String(r.finalGroups),
      r.ga.toFixed(3),
      r.onlineGa.toFixed(3),
    ]);
  }
  row(['average', '', '', '', average.toFixed(3), onlineAverage.toFixed(3)]);
  console.log(
    JSON.stringify({
      metric: 'grouping_accuracy',
      average: round4(average),
      onlineAverage: round4(onlineAverage),
      perSystem: Object.fromEntries(results.map((r) => [r.system, round4(r.ga)])),
      onlinePerSystem: Object.fromEntries(results.map((r) => [r.system, round4(r.onlineGa)])),
    }),
  );
  for (const [name, value] of [
    ['average grouping accuracy', average],
    ['average online grouping accuracy', onlineAverage],
  ] as const) {
    if (value < MIN_AVERAGE_GA) {
      console.error(`${name} ${value.toFixed(4)} is below ${MIN_AVERAGE_GA}`);
      process.exitCode = 1;
    }
  }
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

function round4(value: number): number {
  return Number(value.toFixed(4));
}

if (require.main === module) {
  try {
    main();
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  }
}
