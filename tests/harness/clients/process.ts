/**
 * Child processes of the producer clients (kcat, rsyslogd, the Log4j JVM): bounded in time, their
 * output kept in a bounded tail for error messages, and never outliving the test process (each one
 * is guarded by an OrphanGuard together with its temp directory).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { LineTail } from '../line-tail';
import { OrphanGuard } from '../orphan-guard';

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines the process printed (stdout and stderr together). */
  output: string;
}

/** A fresh temp directory; `release()` deletes it. */
export function tempDir(prefix: string): { dir: string; release: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, release: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A running client process; `stop()` ends it (SIGTERM, then SIGKILL after `graceMs`). */
export class ClientProcess {
  readonly tail = new LineTail(200);
  readonly exited: Promise<Finished>;
  private finished: Finished | null = null;
  private readonly child: ChildProcess;
  private readonly guard: OrphanGuard;

  constructor(
    readonly name: string,
    command: string,
    args: string[],
    options: { cwd?: string; env?: NodeJS.ProcessEnv; guardDir: string },
  ) {
    this.child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream?.on('data', (chunk: Buffer) => this.tail.push(chunk));
      (stream as unknown as Socket | null)?.unref?.();
    }
    this.guard = new OrphanGuard(this.child.pid ?? null, options.guardDir);
    this.exited = new Promise((resolve) => {
      this.child.once('error', (error: NodeJS.ErrnoException) => {
        this.tail.push(`${name}: ${error.message}\n`);
        this.finished = { code: null, signal: null, output: this.tail.text() };
        resolve(this.finished);
      });
      this.child.once('exit', (code, signal) => {
        this.finished = { code, signal, output: this.tail.text() };
        resolve(this.finished);
      });
    });
  }

  get running(): boolean {
    return this.finished === null;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Waits for the process to end by itself; kills it and throws after `timeoutMs`. */
  async wait(timeoutMs: number): Promise<Finished> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), timeoutMs);
    });
    const result = await Promise.race([this.exited, timedOut]);
    clearTimeout(timer);
    if (result === null) {
      await this.stop();
      throw new Error(`${this.name} did not finish within ${timeoutMs} ms:\n${this.tail.text(40)}`);
    }
    this.guard.disarm();
    return result;
  }

  /** Ends the process (and its process group) and stands its guard down. Idempotent. */
  async stop(graceMs = 5_000): Promise<Finished> {
    if (this.finished === null && this.child.pid !== undefined) {
      killGroup(this.child.pid, 'SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), graceMs);
      });
      const result = await Promise.race([this.exited, late]);
      clearTimeout(timer);
      if (result === null) killGroup(this.child.pid, 'SIGKILL');
    }
    const finished = await this.exited;
    this.guard.disarm();
    return finished;
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

/** Runs a command to completion within `timeoutMs`; throws with its output when it fails. */
export async function runToEnd(
  name: string,
  command: string,
  args: string[],
  options: { timeoutMs: number; guardDir: string; env?: NodeJS.ProcessEnv; cwd?: string },
): Promise<Finished> {
  const child = new ClientProcess(name, command, args, options);
  const finished = await child.wait(options.timeoutMs);
  if (finished.code !== 0) {
    const how = finished.signal ? `killed by ${finished.signal}` : `exit code ${String(finished.code)}`;
    throw new Error(`${name} failed (${how}):\n${finished.output.split('\n').slice(-40).join('\n')}`);
  }
  return finished;
}
