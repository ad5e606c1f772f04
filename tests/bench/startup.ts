/**
 * Start-up of `vigil analyze` to its first result: time from spawning the process to the first
 * result line on stdout, for a one-line file (a real Loghub line), measured side by side in this run:
 *  - tsx:       `tsx core/cli/analyze.ts FILE` (how `npm run analyze` ran before the compiled command)
 *  - compiled:  `node core/cli/launcher.cjs analyze FILE` (what `npx vigil` and `npm run analyze` run now:
 *               the launcher's staleness check, then out/cli/vigil.js)
 *  - bundle:    `node out/cli/vigil.js analyze FILE` (the bundle alone, without the launcher)
 * Runs are interleaved (in a rotating order) so that a busy machine slows all variants alike; one
 * warm-up run each first.
 * Standalone: `npx tsx tests/bench/startup.ts` prints one JSON line.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawLines } from '../fixtures/loghub';

const REPO = join(__dirname, '..', '..');
const RUNS = 7;

const VARIANTS: Record<string, (file: string) => [string, string[]]> = {
  tsx: (file) => [
    join(REPO, 'node_modules', '.bin', 'tsx'),
    [join(REPO, 'core/cli/analyze.ts'), '--quiet', file],
  ],
  compiled: (file) => [process.execPath, [join(REPO, 'core/cli/launcher.cjs'), 'analyze', '--quiet', file]],
  bundle: (file) => [process.execPath, [join(REPO, 'out/cli/vigil.js'), 'analyze', '--quiet', file]],
};

/** Milliseconds from spawn to the first complete line on stdout (which must be a result). */
function timeToFirstLine(command: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let at: number | null = null;
    child.stdout.on('data', (chunk: Buffer) => {
      if (at === null && (stdout += chunk.toString('utf8')).includes('\n')) {
        at = Number(process.hrtime.bigint() - started) / 1e6;
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const first = stdout.split('\n')[0] ?? '';
      if (code !== 0 || at === null || !first.startsWith('{"line":1,')) {
        reject(
          new Error(
            `${command} ${args.join(' ')}: exit ${code}, stdout ${first.slice(0, 80)}, ${stderr.slice(-300)}`,
          ),
        );
      } else resolve(at);
    });
  });
}

function stats(values: number[]): { medianMs: number; minMs: number; maxMs: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (v: number) => Math.round(v);
  return {
    medianMs: round(sorted[Math.floor(sorted.length / 2)]!),
    minMs: round(sorted[0]!),
    maxMs: round(sorted.at(-1)!),
  };
}

export async function benchStartup(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-startup-'));
  try {
    const file = join(dir, 'one.log');
    writeFileSync(file, `${rawLines('OpenSSH')[0]}\n`);
    const times: Record<string, number[]> = { tsx: [], compiled: [], bundle: [] };
    // Warm-up: builds out/cli if stale (the launcher), fills tsx's cache and the file cache.
    for (const [name, variant] of Object.entries(VARIANTS)) {
      if (name !== 'bundle') await timeToFirstLine(...variant(file));
    }
    await timeToFirstLine(...VARIANTS.bundle!(file));
    const order = Object.entries(VARIANTS);
    for (let run = 0; run < RUNS; run++) {
      // Rotated each run, so that no variant always follows the same one.
      for (let i = 0; i < order.length; i++) {
        const [name, variant] = order[(run + i) % order.length]!;
        times[name]!.push(await timeToFirstLine(...variant(file)));
      }
    }
    const tsx = stats(times.tsx!);
    const compiled = stats(times.compiled!);
    return {
      bench: 'startup',
      what: 'process spawn to the first result line of a one-line file',
      runs: RUNS,
      tsx,
      compiled,
      bundle: stats(times.bundle!),
      savedMs: tsx.medianMs - compiled.medianMs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchStartup().then(
    (figures) => console.log(JSON.stringify(figures)),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
