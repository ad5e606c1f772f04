/**
 * `npm run bench -- parse-compare` (only when named; `PARSE_BASE=<git rev>`, default `HEAD~1`):
 * parse throughput of this tree against the parser of an earlier revision, measured side by side in
 * one run. Each measurement is its own process (parse-one.ts), alternating base and current: in one
 * process the second copy of the parser measures ~6 % slower than an identical first copy (shared
 * inline caches of built-ins), so only separate processes compare fairly.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const PAIRS = 6;

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

function measure(dir: string): number {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'parse-one.ts'), dir], {
    encoding: 'utf8',
    cwd: ROOT,
  });
  const value = Number(child.stdout.trim().split('\n').pop());
  if (!Number.isFinite(value)) throw new Error(`parse-one failed: ${child.stderr.slice(-500)}`);
  return value;
}

export function benchParseCompare(): Record<string, unknown> {
  const base = process.env.PARSE_BASE ?? 'HEAD~1';
  const dir = mkdtempSync(join(tmpdir(), 'vigil-parse-base-'));
  try {
    const archive = execFileSync('git', ['archive', base, 'core', 'data'], { cwd: ROOT, maxBuffer: 1 << 30 });
    execFileSync('tar', ['-x', '-C', dir], { input: archive });
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    const before: number[] = [];
    const after: number[] = [];
    for (let i = 0; i < PAIRS; i++) {
      before.push(measure(dir));
      after.push(measure(ROOT));
    }
    const b = median(before);
    const a = median(after);
    return {
      bench: 'parse-compare',
      base,
      baseLogsPerCpuSecond: b,
      currentLogsPerCpuSecond: a,
      changePercent: Math.round((a / b - 1) * 1000) / 10,
      baseRounds: before,
      currentRounds: after,
      target: 'within 10 % of the base',
      pass: a >= b * 0.9,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) console.log(JSON.stringify(benchParseCompare()));
