/**
 * One engine per data folder, as a user meets it: a second `vigil serve` on the folder of a running
 * host exits non-zero with a message naming the folder and the running process, and the first keeps
 * serving (and, with no source started, its /api/health says stopped). After the first stops, the
 * folder is free again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../harness/kafka-fixtures';

const REPO = join(__dirname, '..', '..');
const TOKEN = `lock-it-${Date.now().toString(36)}-0123456789abcdef`;
const dataDir = mkdtempSync(join(tmpdir(), 'vigil-host-lock-'));

interface Run {
  child: ChildProcess;
  out: { stdout: string; stderr: string };
  exit: Promise<number | null>;
}

function serve(): Run {
  const child = spawn(
    join(REPO, 'node_modules/.bin/tsx'),
    ['core/host/main.ts', '--port', '0', '--data-dir', dataDir],
    { cwd: REPO, env: { ...process.env, VIGIL_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (c: Buffer) => (out.stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (out.stderr += c.toString('utf8')));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out, exit };
}

const runs: Run[] = [];
afterAll(async () => {
  for (const run of runs) {
    if (run.child.exitCode === null && run.child.signalCode === null) {
      run.child.kill('SIGKILL');
      await run.exit;
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('two hosts on one data folder', () => {
  it('refuses the second with the folder and the owner, and keeps the first serving', async () => {
    const first = serve();
    runs.push(first);
    await eventually('the first host to serve', () => /Vigil console: \S+/.test(first.out.stdout), 120_000);

    const second = serve();
    runs.push(second);
    const code = await second.exit;
    expect(code).toBe(1);
    expect(second.out.stderr).toContain(dataDir);
    // The owner named is a live process (tsx runs the host in a child of the pid we spawned).
    const owner = Number(/pid (\d+)/.exec(second.out.stderr)?.[1]);
    expect(owner).toBeGreaterThan(0);
    expect(() => process.kill(owner, 0)).not.toThrow();
    expect(second.out.stdout).not.toContain('Vigil console');

    const origin = /Vigil console: (\S+)/.exec(first.out.stdout)![1]!;
    // Started without a source: health says stopped, not healthy.
    const res = await fetch(new URL('/api/health', origin), {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'stopped', running: false });

    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);
    const third = serve();
    runs.push(third);
    await eventually(
      'a host on the freed folder',
      () => /Vigil console: \S+/.test(third.out.stdout),
      120_000,
    );
    third.child.kill('SIGTERM');
    expect(await third.exit).toBe(0);
  }, 300_000);
});
