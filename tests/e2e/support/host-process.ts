/**
 * Runs the real headless host (`core/host/main.ts`, as `npm run serve` does) as a child process and
 * waits for the URL it prints when ready. Used by the end-to-end global setup and by benchmarks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface HostProcess {
  url: string;
  origin: string;
  token: string;
  stop(): Promise<void>;
}

const root = join(__dirname, '../../..');

export async function startHost(extraArgs: string[] = [], timeoutMs = 120_000): Promise<HostProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-e2e-host-'));
  const token = `e2e-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}`;
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'core/host/main.ts'), '--port', '0', '--data-dir', dataDir, ...extraArgs],
    { cwd: root, env: { ...process.env, VIGIL_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`host did not start in ${timeoutMs} ms:\n${stderr}`)),
      timeoutMs,
    );
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Vigil console: (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code} before it was ready:\n${stderr}`));
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    token,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
