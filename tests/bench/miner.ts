/**
 * Template-mining throughput: lines per second of `TemplateMiner.add` (masking included) over the
 * `Content` of all 16 Loghub 2k samples concatenated (32,000 lines).
 *
 * Two figures:
 * - `linesPerSecond`: one miner, warmed up by a few passes over the corpus (JIT and templates), then
 *   fed the corpus again and again until at least 2 s are measured — a miner in steady state.
 * - `coldLinesPerSecond`: a fresh miner for every pass, so each pass also learns its ~1,400
 *   templates from scratch — the worst case, a stream made only of never-seen services.
 * Each also has a CPU-time variant (`…PerCpuSecond`): on a shared machine the wall-clock figure
 * falls with other processes' load, the CPU-time one much less.
 *
 * The miner skips masking for lines equal up to their digits to one it has seen (mask-memo.ts).
 * Repeating the corpus makes nearly every line such a line, so the steady figure is printed with the
 * memo's hit rate, and `firstPassMemoHitRate` says how often it answers on one pass over the corpus
 * (real logs repeating themselves up to numbers, not the benchmark repeating the corpus).
 * `noMemoLinesPerSecond` is the steady figure with the memo turned off, measured in the same run.
 *
 * Run: `npx tsx tests/bench/miner.ts` (prints one JSON line).
 */
import { TemplateMiner } from '../../core/patterns/miner';
import { LOGHUB_SYSTEMS, loadLoghubSample, loghubDir } from '../eval/patterns';

const MIN_MEASURED_MS = 2000;
const WARMUP_PASSES = 3;

interface Measured {
  lines: number;
  wallMs: number;
  cpuMs: number;
}

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Runs `pass` until at least `MIN_MEASURED_MS` of wall time has been measured. */
function measure(corpusLines: number, pass: () => void): Measured {
  let passes = 0;
  const cpuStart = cpuMs();
  const start = process.hrtime.bigint();
  let wallMs = 0;
  while (wallMs < MIN_MEASURED_MS) {
    pass();
    passes++;
    wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return { lines: passes * corpusLines, wallMs, cpuMs: cpuMs() - cpuStart };
}

function rate(hits: number, misses: number): number {
  return Number((hits / Math.max(1, hits + misses)).toFixed(3));
}

function perSecond(lines: number, ms: number): number {
  return Math.round((lines / ms) * 1000);
}

// eslint-disable-next-line @typescript-eslint/require-await -- async by the bench runner's contract
export async function benchMiner(): Promise<Record<string, number | string>> {
  const dir = loghubDir();
  const lines: string[] = [];
  // Each line is re-decoded from UTF-8 bytes, as a message value from Kafka would be: a flat string
  // of its own rather than a slice of the whole CSV file.
  for (const system of LOGHUB_SYSTEMS) {
    for (const l of loadLoghubSample(system, dir))
      lines.push(Buffer.from(l.content, 'utf8').toString('utf8'));
  }
  const at = Date.now();
  const feed = (miner: TemplateMiner) => {
    for (const line of lines) miner.add(line, at);
  };

  const firstPass = new TemplateMiner();
  feed(firstPass);
  const firstPassMemo = firstPass.maskMemoStats();

  const steadyMiner = new TemplateMiner();
  for (let i = 0; i < WARMUP_PASSES; i++) feed(steadyMiner);
  const before = steadyMiner.maskMemoStats();
  const steady = measure(lines.length, () => feed(steadyMiner));
  const after = steadyMiner.maskMemoStats();

  const noMemoMiner = new TemplateMiner({ maskMemoEntries: 0 });
  for (let i = 0; i < WARMUP_PASSES; i++) feed(noMemoMiner);
  const noMemo = measure(lines.length, () => feed(noMemoMiner));

  for (let i = 0; i < WARMUP_PASSES; i++) feed(new TemplateMiner());
  const cold = measure(lines.length, () => feed(new TemplateMiner()));

  return {
    bench: 'miner',
    linesPerSecond: perSecond(steady.lines, steady.wallMs),
    linesPerCpuSecond: perSecond(steady.lines, steady.cpuMs),
    steadyMemoHitRate: rate(after.hits - before.hits, after.misses - before.misses),
    firstPassMemoHitRate: rate(firstPassMemo.hits, firstPassMemo.misses),
    noMemoLinesPerSecond: perSecond(noMemo.lines, noMemo.wallMs),
    coldLinesPerSecond: perSecond(cold.lines, cold.wallMs),
    coldLinesPerCpuSecond: perSecond(cold.lines, cold.cpuMs),
    corpusLines: lines.length,
    templates: steadyMiner.size,
    measuredSeconds: Number(((steady.wallMs + noMemo.wallMs + cold.wallMs) / 1000).toFixed(2)),
  };
}

if (require.main === module) {
  benchMiner().then(
    (result) => console.log(JSON.stringify(result)),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exitCode = 1;
    },
  );
}
