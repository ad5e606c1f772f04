/**
 * The real headless host (`core/host/main.ts`, as `npm run serve` runs it) as a child process whose
 * whole stdout and stderr are kept, so that security tests can grep everything it ever wrote for a
 * secret, and whose pid is known, so that they can check it is still alive after abuse. The cluster
 * tests run their `vigil serve` processes through it too (tests/integration/support/serve-hosts.ts),
 * with settings and environment of their own, and SIGKILL one to stage a crash.
 * (tests/e2e/support/host-process.ts keeps only a stderr tail and exposes neither.)
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..', '..');
/** A host that writes more than this is misbehaving; the capture says so instead of growing. */
const MAX_CAPTURE_CHARS = 4 * 1024 * 1024;

export interface HostChild {
  readonly pid: number;
  /** `http://127.0.0.1:PORT`, from the startup line. */
  readonly origin: string;
  readonly port: number;
  /** The startup line's URL, token included. */
  readonly url: string;
  readonly token: string;
  readonly dataDir: string;
  stdout(): string;
  stderr(): string;
  /** True when either stream passed the capture cap (a scan of it would then be incomplete). */
  truncated(): boolean;
  alive(): boolean;
  /** SIGKILL now, without waiting: a crash, as the cluster tests cause one. */
  kill(): void;
  /** SIGTERM, then the exit code (SIGKILL after 20 s). */
  stop(): Promise<number | null>;
  /** Kills the process if needed and deletes the data folder. */
  dispose(): Promise<void>;
}

class Capture {
  text = '';
  cut = false;
  add(chunk: Buffer): void {
    if (this.text.length >= MAX_CAPTURE_CHARS) {
      this.cut = true;
      return;
    }
    this.text += chunk.toString('utf8');
  }
}

export interface HostOptions {
  /** Added to the host's environment (e.g. `VIGIL_MODELS_DIR`). */
  env?: Record<string, string>;
  /** Written to the data folder's settings.json before the host starts (e.g. `actorName`). */
  settings?: Record<string, unknown>;
}

/**
 * Spawns the host with `VIGIL_TOKEN=token` and resolves once it has printed its console URL. Node
 * itself runs it, with tsx as a loader (not the tsx command, which runs Node as its child), so that
 * a signal reaches the process that runs the engine. A host not ready in time is killed.
 */
export async function spawnHost(
  token: string,
  args: string[] = [],
  timeoutMs = 120_000,
  options: HostOptions = {},
): Promise<HostChild> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-security-host-'));
  if (options.settings !== undefined)
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ settings: options.settings }));
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO, 'core/host/main.ts'), '--port', '0', '--data-dir', dataDir, ...args],
    { cwd: REPO, env: { ...process.env, ...options.env, VIGIL_TOKEN: token }, stdio: 'pipe' },
  );
  const out = new Capture();
  const err = new Capture();
  child.stdout.on('data', (chunk: Buffer) => out.add(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.add(chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      void exited.then(() => rmSync(dataDir, { recursive: true, force: true }));
      reject(new Error(`host not ready in ${timeoutMs} ms:\n${err.text}`));
    }, timeoutMs);
    const onData = (): void => {
      const match = /Vigil console: (http:\/\/\S+)/.exec(out.text);
      if (match === null) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve(match[1]!);
    };
    child.stdout.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code} before it was ready:\n${err.text}`));
    });
  });
  const parsed = new URL(url);

  const stop = async (): Promise<number | null> => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await exited;
    clearTimeout(killer);
    return code;
  };

  return {
    pid: child.pid!,
    origin: parsed.origin,
    port: Number(parsed.port),
    url,
    token,
    dataDir,
    stdout: () => out.text,
    stderr: () => err.text,
    truncated: () => out.cut || err.cut,
    alive: () => child.exitCode === null && child.signalCode === null,
    kill: () => void child.kill('SIGKILL'),
    stop,
    async dispose() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs the host with arguments it must refuse at start. Resolves with its exit code and stderr, and
 * `started: true` (after killing it) if it printed its console URL, i.e. did not refuse.
 */
export function runHostExpectingRefusal(
  args: string[],
  timeoutMs = 60_000,
): Promise<{ code: number | null; stderr: string; started: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'core/host/main.ts'), ...args], {
      cwd: REPO,
      env: { ...process.env, VIGIL_TOKEN: 'refusal-test-token-0123456789' },
      stdio: 'pipe',
    });
    let stderr = '';
    let started = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout.on('data', (chunk: Buffer) => {
      if (!started && chunk.toString('utf8').includes('Vigil console:')) {
        started = true;
        child.kill('SIGKILL');
      }
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`host with ${args.join(' ')} neither refused nor exited in ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, started });
    });
  });
}
