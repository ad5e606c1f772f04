/**
 * What `--summary` costs: `vigil analyze` (the compiled command) over the 16 Loghub samples one after
 * the other (32,000 real lines), with the per-line results and with `--summary --json` instead,
 * measured side by side in this run (interleaved, rotating order). The summary parses each line a
 * second time and runs the alert rules and detectors on it.
 * Standalone: `npx tsx tests/bench/cli-summary.ts` prints one JSON line.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOGHUB_SYSTEMS, rawLines } from '../fixtures/loghub';

const REPO = join(__dirname, '..', '..');
const RUNS = 3;

const VARIANTS: Record<string, string[]> = { results: [], summary: ['--summary', '--json'] };

/** Wall time of one run and the size of its stdout (read and dropped). */
function timeRun(file: string, extra: string[]): Promise<{ ms: number; stdoutBytes: number }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(
      process.execPath,
      [join(REPO, 'core/cli/launcher.cjs'), 'analyze', '--quiet', file, ...extra],
      {
        cwd: REPO,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdoutBytes = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdoutBytes += chunk.length));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`exit ${code}: ${stderr.slice(-300)}`));
      else resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, stdoutBytes });
    });
  });
}

export async function benchCliSummary(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-summary-bench-'));
  try {
    const lines = LOGHUB_SYSTEMS.flatMap((system) => rawLines(system));
    const file = join(dir, 'loghub.log');
    writeFileSync(file, lines.join('\n') + '\n');
    const times: Record<string, number[]> = { results: [], summary: [] };
    const bytes: Record<string, number> = {};
    const order = Object.entries(VARIANTS);
    await timeRun(file, []); // warm-up (and build out/cli if stale)
    for (let run = 0; run < RUNS; run++) {
      for (let i = 0; i < order.length; i++) {
        const [name, extra] = order[(run + i) % order.length]!;
        const { ms, stdoutBytes } = await timeRun(file, extra);
        times[name]!.push(ms);
        bytes[name] = stdoutBytes;
      }
    }
    const rate = (name: string) => {
      const sorted = [...times[name]!].sort((a, b) => a - b);
      return Math.round(lines.length / (sorted[Math.floor(sorted.length / 2)]! / 1000));
    };
    return {
      bench: 'cli-summary',
      what: 'vigil analyze over the 16 Loghub samples, median of the runs, process start to exit',
      lines: lines.length,
      runs: RUNS,
      resultsLinesPerSecond: rate('results'),
      summaryLinesPerSecond: rate('summary'),
      resultsStdoutBytes: bytes.results,
      summaryStdoutBytes: bytes.summary,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchCliSummary().then(
    (figures) => console.log(JSON.stringify(figures)),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
