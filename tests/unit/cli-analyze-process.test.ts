/**
 * `vigil analyze` run from its TypeScript source (`tsx core/cli/analyze.ts`): a child process with the
 * real engine, on a Loghub sample (CRLF line endings), on stdin, and on the usual mistakes. The
 * compiled command (`npx vigil`, `npm run analyze`) is tested in cli-vigil-process.test.ts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AnalyzedRecord } from '../../core/contract';
import { loghubDir } from '../fixtures/loghub';

const REPO = join(__dirname, '..', '..');
const TSX = join(REPO, 'node_modules', '.bin', 'tsx');
const SAMPLE = join(loghubDir(), 'HDFS', 'HDFS_2k.log');
const scratch = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function runCli(
  args: string[],
  stdin?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [join(REPO, 'core/cli/analyze.ts'), ...args], { cwd: REPO, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

const parseLines = (stdout: string) =>
  stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('npm run analyze', () => {
  it('writes one result per line of a CRLF Loghub sample, numbered, in order', async () => {
    const { code, stdout, stderr } = await runCli([SAMPLE]);
    expect(code).toBe(0);
    const results = parseLines(stdout);
    expect(results).toHaveLength(2000);
    expect(results.map((r) => r.line)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
    for (const result of results) {
      expect(Object.keys(result).sort()).toEqual([
        'category',
        'level',
        'line',
        'record',
        'scores',
        'severity',
        'template',
        'templateId',
      ]);
      expect(String(result.template)).not.toContain('\r');
      // What the parser understood rides along, and it is the contract's shape.
      expect(AnalyzedRecord.safeParse(result.record).success).toBe(true);
      expect(String((result.record as { message: string }).message)).not.toContain('\r');
    }
    expect(stderr).toMatch(/done: 2000 lines, 2000 analyzed, 0 errors/);
  }, 120_000);

  it('reads stdin with "-", and turns an oversized line into an error result for that line only', async () => {
    const input = [
      'ERROR disk failure on /dev/sda',
      'x'.repeat(1024 * 1024 + 1),
      '',
      'INFO request served in 12 ms',
    ].join('\r\n');
    const { code, stdout } = await runCli(['-'], input);
    expect(code).toBe(3);
    const results = parseLines(stdout);
    expect(results.map((r) => r.line)).toEqual([1, 2, 4]);
    expect(results[1]).toEqual({
      line: 2,
      error: { code: 'line_too_long', message: 'line is 1048577 bytes; the limit is 1048576' },
    });
    expect(results[0]).toMatchObject({ severity: 'error' });
  }, 120_000);

  it('says clearly that a file is missing, and exits 2 without output', async () => {
    const { code, stdout, stderr } = await runCli([join(scratch, 'nope.log')]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('no such file');
  }, 120_000);

  it('refuses a directory and a bad option with a usage message', async () => {
    expect((await runCli([scratch])).stderr).toContain('is a directory');
    const bad = await runCli([SAMPLE, '--batch', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--batch expects');
  }, 120_000);

  it('handles an empty file', async () => {
    const empty = join(scratch, 'empty.log');
    writeFileSync(empty, '');
    const { code, stdout, stderr } = await runCli([empty]);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain('done: 0 lines');
  }, 120_000);
});
