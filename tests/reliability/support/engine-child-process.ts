/**
 * The parent's handle on an engine child process (engine-child.ts): start it, send it contract
 * commands, SIGKILL it, or close it gracefully. The child is one Node process (tsx is loaded with
 * --import, not through the tsx CLI, which would put a wrapper process in between that a SIGKILL
 * would not get through).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { CommandName, CommandRequest, CommandResponse } from '../../../core/contract';
import { LineTail } from '../../harness/line-tail';
import {
  CHILD_CONFIG_ENV,
  type ChildConfig,
  type ChildMessage,
  type ParentMessage,
} from './engine-child-protocol';

const SCRIPT = join(__dirname, 'engine-child.ts');
const REPO_ROOT = join(__dirname, '..', '..', '..');
const READY_TIMEOUT_MS = 120_000;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export class EngineChild {
  /** The child's recent output (kafkajs and engine logs), for failure messages. */
  readonly output = new LineTail(200);
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => this.output.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.output.push(chunk));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        const error = new Error(`engine child exited (${signal ?? `code ${String(code)}`})`);
        for (const p of this.pending.values()) p.reject(error);
        this.pending.clear();
        resolve({ code, signal });
      });
    });
    child.on('message', (message: ChildMessage) => {
      if (message.type !== 'reply') return;
      const p = this.pending.get(message.id);
      if (p === undefined) return;
      this.pending.delete(message.id);
      if (message.ok) p.resolve(message.response);
      else p.reject(new Error(message.error));
    });
  }

  static async start(config: ChildConfig): Promise<EngineChild> {
    const child = fork(SCRIPT, [], {
      cwd: REPO_ROOT,
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, [CHILD_CONFIG_ENV]: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const handle = new EngineChild(child);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('engine child not ready in time')), READY_TIMEOUT_MS);
      child.on('message', (message: ChildMessage) => {
        if (message.type !== 'ready') return;
        clearTimeout(timer);
        resolve();
      });
      void handle.exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`engine child exited before it was ready:\n${handle.output.text(40)}`));
      });
    });
    return handle;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.exit === null;
  }

  call<C extends CommandName>(command: C, request: CommandRequest<C>): Promise<CommandResponse<C>> {
    if (!this.alive) return Promise.reject(new Error('engine child is not running'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.send({ type: 'call', id, command, request });
    });
  }

  /** SIGKILL: the engine gets no chance to stop, commit or flush anything. */
  async kill(): Promise<void> {
    if (this.alive) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** Graceful: the engine stops (committing what it analyzed) and the process exits. */
  async close(): Promise<void> {
    if (!this.alive) return;
    this.send({ type: 'close' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 60_000);
    await this.exited;
    clearTimeout(timer);
  }

  private send(message: ParentMessage): void {
    this.child.send(message);
  }
}
