/**
 * `npm run bench`: every benchmark, one JSON line each, measured in this one run on this machine.
 * Figures that have a target carry `pass`; the final line summarizes them. Benchmarks never run in
 * `npm test`: a shared machine makes timings noisy, so they are evidence to read, not assertions.
 * Run a subset with `npm run bench -- miner pipeline`. `split` (the thread-split prototype,
 * split-prototype.ts) and `parse-compare` (this parser against an earlier revision's, `PARSE_BASE`)
 * run only when named.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startKafka } from '../harness/kafka';
import { benchAb } from './ab';
import { benchCliSummary } from './cli-summary';
import { benchClusterIncidents } from './cluster-incidents';
import { benchContext } from './context';
import { benchDetectors } from './detectors';
import { benchGaps } from './gaps';
import { benchIncidents } from './incidents';
import { benchHistoryPipeline, benchHistoryQuery } from './history';
import { benchHistoryWriterCpu } from './history-cpu';
import { benchInference } from './inference';
import { benchMiner } from './miner';
import { benchParse } from './parse';
import { benchParseCompare } from './parse-compare';
import { benchLatency, benchPipeline } from './pipeline';
import { benchRenderer } from './renderer';
import { benchRules } from './rules';
import { benchSampleRefs } from './sample-refs';
import { benchSigma } from './sigma';
import { benchSplitPrototype } from './split-prototype';
import { benchStartup } from './startup';
import { benchWorkers } from './workers';
import { benchStandaloneWorkers } from './standalone-workers';

type Figures = Record<string, unknown>;
const only = new Set(process.argv.slice(2));
const wanted = (name: string): boolean => only.size === 0 || only.has(name);
const results: Figures[] = [];

function emit(figures: Figures): void {
  results.push(figures);
  console.log(JSON.stringify(figures));
}

function memoryInChild(): Figures {
  // A fresh process with --expose-gc, so the readings are not polluted by the other benchmarks.
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(__dirname, 'memory.ts')],
    {
      encoding: 'utf8',
      env: process.env,
    },
  );
  const line = child.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as Figures;
  } catch {
    return { bench: 'memory', error: `exit ${child.status}: ${child.stderr.slice(-500)}`, pass: false };
  }
}

async function main(): Promise<void> {
  if (wanted('parse')) emit(await benchParse());
  if (only.has('parse-compare')) emit(benchParseCompare());
  if (wanted('miner')) {
    const miner = await benchMiner();
    emit({ ...miner, target: 400_000, pass: Number(miner.linesPerSecond) >= 400_000 });
  }
  if (wanted('inference')) emit(await benchInference());
  if (wanted('rules')) emit(await benchRules());
  if (wanted('sigma')) emit(benchSigma());
  if (wanted('detectors')) emit(benchDetectors());
  if (wanted('sample-refs')) emit(benchSampleRefs());
  if (wanted('incidents')) emit(await benchIncidents());
  if (wanted('cluster-incidents')) emit(benchClusterIncidents());
  if (wanted('history') || only.has('history-cpu')) emit(await benchHistoryWriterCpu());
  if (
    wanted('pipeline') ||
    wanted('latency') ||
    wanted('context') ||
    wanted('history') ||
    only.has('history-pipeline') ||
    wanted('workers') ||
    only.has('standalone-workers') ||
    only.has('split')
  ) {
    const kafka = await startKafka({ log: (line) => console.error(line) });
    try {
      if (wanted('pipeline')) emit(await benchPipeline(kafka.brokers, () => kafka.cpuMs()));
      if (wanted('latency')) emit(await benchLatency(kafka.brokers));
      if (only.has('split')) emit(await benchSplitPrototype(kafka.brokers));
      if (wanted('context')) emit(await benchContext(kafka.brokers));
      if (wanted('history') || only.has('history-pipeline'))
        emit(await benchHistoryPipeline(kafka.brokers, () => kafka.cpuMs()));
      if (wanted('workers')) emit(await benchWorkers(kafka.brokers, () => kafka.cpuMs()));
      // Issue 19: standalone with 1 and 2 engine threads (also alone: `-- standalone-workers`).
      if (wanted('workers') || only.has('standalone-workers'))
        emit(await benchStandaloneWorkers(kafka.brokers, () => kafka.cpuMs()));
    } finally {
      await kafka.stop();
    }
  }
  // Issue 16's figures in one command: `-- incidents` also runs the stop/start and outage bench.
  if (wanted('gaps') || only.has('incidents')) emit(await benchGaps((line) => console.error(line)));
  if (wanted('history') || only.has('history-query')) {
    const plain = await benchHistoryQuery();
    const fsst = await benchHistoryQuery(1_000_000, 60, true);
    emit(plain);
    // Shown, not judged: what FSST would save on disk and cost in search time (docs/history.md).
    emit({
      ...fsst,
      diskRatioPlainToFsst: Number((Number(plain.diskBytes) / Number(fsst.diskBytes)).toFixed(2)),
    });
  }
  if (wanted('memory')) emit(memoryInChild());
  if (wanted('renderer')) emit(await benchRenderer());
  if (wanted('startup')) emit(await benchStartup());
  if (wanted('cli-summary')) emit(await benchCliSummary());
  if (wanted('ab')) emit(await benchAb());

  const judged = results.filter((r) => typeof r.pass === 'boolean');
  const missed = judged.filter((r) => r.pass === false).map((r) => r.bench);
  console.log(JSON.stringify({ bench: 'summary', judged: judged.length, missed }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
