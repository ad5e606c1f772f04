/**
 * The compiled `vigil` command as a user runs it: `core/cli/launcher.cjs` (package.json `bin`, what
 * `npx vigil` starts), which runs out/cli/vigil.js (built first when missing or stale), on the Loghub
 * OpenSSH sample. Standard output must carry only results: every line parses as JSON.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentSummary } from '../../core/cli/summary';
import { loghubDir } from '../fixtures/loghub';

const REPO = join(__dirname, '..', '..');
const VIGIL = join(REPO, 'core', 'cli', 'launcher.cjs');
const SAMPLE = join(loghubDir(), 'OpenSSH', 'OpenSSH_2k.log');
const scratch = mkdtempSync(join(tmpdir(), 'vigil-bin-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const vigil = (...args: string[]): Promise<Run> => run(process.execPath, [VIGIL, ...args]);

/** Every stdout line parsed on its own, as `jq -c .` would; throws on any line that is not JSON. */
function jsonLines(stdout: string): Array<Record<string, unknown>> {
  expect(stdout.endsWith('\n')).toBe(true);
  return stdout
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('the compiled vigil command', () => {
  beforeAll(async () => {
    // Builds out/cli when it is missing or older than its sources (what a fresh clone gets).
    const { code, stderr } = await vigil('--version');
    expect(code, stderr).toBe(0);
    expect(existsSync(join(REPO, 'out', 'cli', 'vigil.js'))).toBe(true);
    expect(existsSync(join(REPO, 'out', 'cli', 'engine-worker.js'))).toBe(true);
    expect(existsSync(join(REPO, 'out', 'cli', 'history-thread.js'))).toBe(true);
  }, 120_000);

  it('is plain JavaScript that needs only Node, onnxruntime-node, DuckDB and kafkajs at run time', () => {
    // ws requires its optional native add-ons inside try/catch; the two native engines (onnxruntime-node,
    // @duckdb/node-api for the log history) stay packages; everything else is bundled.
    const external = new Set([
      'onnxruntime-node',
      '@duckdb/node-api',
      'kafkajs',
      'bufferutil',
      'utf-8-validate',
    ]);
    for (const file of ['vigil.js', 'engine-worker.js']) {
      const code = readFileSync(join(REPO, 'out', 'cli', file), 'utf8');
      // onnxruntime-node is loaded on first use (a dynamic import), the rest by require.
      const required = new Set([...code.matchAll(/(?:require|import)\("([^"]+)"\)/g)].map((m) => m[1]!));
      expect(
        [...required].filter((name) => !isBuiltin(name) && !external.has(name)),
        file,
      ).toEqual([]);
      expect(required.has('onnxruntime-node'), file).toBe(true);
    }
    // The history's thread needs DuckDB and Node alone.
    const thread = readFileSync(join(REPO, 'out', 'cli', 'history-thread.js'), 'utf8');
    const needs = [...thread.matchAll(/(?:require|import)\("([^"]+)"\)/g)].map((m) => m[1]!);
    expect(needs.filter((name) => !isBuiltin(name))).toEqual(['@duckdb/node-api']);
  });

  it('prints its version and its usage, and refuses an unknown command', async () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    expect((await vigil('--version')).stdout).toBe(`${pkg.version}\n`);
    const help = await vigil('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('vigil serve');
    expect(help.stdout).toContain('vigil analyze FILE');
    const bad = await vigil('analyse', SAMPLE);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('unknown command "analyse"');
  }, 60_000);

  it('analyze FILE: one JSON result per line on stdout and nothing else', async () => {
    const { code, stdout, stderr } = await vigil('analyze', SAMPLE);
    expect(code, stderr).toBe(0);
    const results = jsonLines(stdout);
    expect(results).toHaveLength(2000);
    expect(results.map((r) => r.line)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
    expect(results[0]).toMatchObject({ category: expect.any(String), templateId: expect.any(String) });
    expect(stderr).toMatch(/done: 2000 lines, 2000 analyzed, 0 errors/);
  }, 120_000);

  it('analyze --summary --json: one JSON document with the brute-force alert', async () => {
    const { code, stdout, stderr } = await vigil('analyze', '--summary', '--json', SAMPLE);
    expect(code, stderr).toBe(0);
    const summary = JSON.parse(stdout) as IncidentSummary;
    expect(summary.lines).toEqual({ total: 2000, analyzed: 2000, failed: 0, blank: 0 });
    const brute = summary.alerts.find((a) => a.title === 'Possible brute-force attack on sshd');
    expect(brute).toMatchObject({ level: 'critical', trigger: 'security' });
    expect(brute!.count).toBeGreaterThan(100);
    expect(summary.topTemplates.byCount.length).toBeGreaterThan(0);
    expect(summary.errorsPerMinute.bucketMs).toBe(60_000);
  }, 120_000);

  it('analyze --summary --out FILE: the results on stdout, the summary in the file', async () => {
    const out = join(scratch, 'summary.txt');
    const { code, stdout, stderr } = await vigil('analyze', SAMPLE, '--summary', '--out', 'summary.txt');
    expect(code, stderr).toBe(0);
    expect(jsonLines(stdout)).toHaveLength(2000);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/CRITICAL security +\d+x .*Possible brute-force attack on sshd/);
    expect(text).toContain('Top templates by severity');
  }, 120_000);

  it('npm run --silent analyze -- FILE pipes as well (the form the README shows)', async () => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const { code, stdout, stderr } = await run(npm, [
      '--prefix',
      REPO,
      'run',
      '--silent',
      'analyze',
      '--',
      SAMPLE,
    ]);
    expect(code, stderr).toBe(0);
    expect(jsonLines(stdout)).toHaveLength(2000);
  }, 120_000);
});
