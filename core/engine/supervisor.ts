/**
 * An engine in a child process, supervised: the same `EngineClient` as the in-process engine and
 * the worker thread, but a crash of the child (a native fault in onnxruntime, an OOM kill) only
 * costs the calls in flight. The child is restarted with growing back-off, processing resumes with
 * the last start request, and for `crashWindowMs` after a crash the health reported through this
 * client is at least degraded and says what happened. The child itself is abstract (`EngineChild`):
 * an Electron utilityProcess on the desktop, child_process.fork in tests.
 */
import type { CommandName, CommandRequest, CommandResponse, EngineStatus, EventBatch } from '../contract';
import type { EngineClient } from './client';
import { EngineError, type EngineErrorCode } from './errors';
import type { FromWorker, ToWorker } from './worker-protocol';

export interface EngineChild {
  postMessage(message: ToWorker): void;
  onMessage(listener: (message: FromWorker) => void): void;
  /** `detail`: exit code or signal, as the platform reports it. */
  onExit(listener: (detail: string) => void): void;
  kill(): void;
}

export interface SupervisorOptions {
  spawn: () => EngineChild;
  /** Delays before successive restarts; the last one repeats. */
  backoffMs?: readonly number[];
  /** A child that stayed up this long resets the back-off. */
  stableAfterMs?: number;
  /** How long a crash keeps health degraded. */
  crashWindowMs?: number;
  now?: () => number;
  log?: (message: string) => void;
}

export interface CrashRecord {
  count: number;
  lastAt: number | null;
  lastDetail: string | null;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

const DEFAULT_BACKOFF = [1000, 2000, 5000, 10_000, 30_000];

export class SupervisedEngine implements EngineClient {
  private child: EngineChild | null = null;
  private ready = false;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(batch: EventBatch) => void>();
  private nextId = 1;
  private closing: Promise<void> | null = null;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private startedAt = 0;
  private lastStart: CommandRequest<'engine:start'> | null = null;
  private readonly crash: CrashRecord = { count: 0, lastAt: null, lastDetail: null };
  private readonly now: () => number;
  private readonly log: (message: string) => void;

  private constructor(private readonly options: SupervisorOptions) {
    this.now = options.now ?? Date.now;
    this.log = options.log ?? ((message) => console.error(message));
  }

  /** Spawns the first child and resolves once its engine is ready (rejects if it cannot start). */
  static async start(options: SupervisorOptions): Promise<SupervisedEngine> {
    const supervisor = new SupervisedEngine(options);
    await supervisor.spawn();
    return supervisor;
  }

  crashes(): CrashRecord {
    return { ...this.crash };
  }

  private spawn(): Promise<void> {
    let child: EngineChild;
    try {
      child = this.options.spawn();
    } catch (error) {
      return Promise.reject(new Error(`engine process could not be spawned: ${(error as Error).message}`));
    }
    this.child = child;
    this.ready = false;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      child.onMessage((message) => {
        if (child !== this.child) return;
        if (!settled && message.type === 'ready') {
          settled = true;
          this.ready = true;
          this.startedAt = this.now();
          resolve();
          return;
        }
        if (!settled && message.type === 'fatal') {
          settled = true;
          reject(new Error(`engine process failed to start: ${message.message}`));
          return;
        }
        this.receive(message);
      });
      child.onExit((detail) => {
        if (child !== this.child) return;
        this.child = null;
        this.ready = false;
        this.failAll(`engine process exited (${detail})`);
        if (!settled) {
          settled = true;
          reject(new Error(`engine process exited before it was ready (${detail})`));
          return;
        }
        if (this.closing) return;
        this.onCrash(detail);
      });
    });
  }

  private onCrash(detail: string): void {
    const now = this.now();
    if (now - this.startedAt >= (this.options.stableAfterMs ?? 60_000)) this.attempt = 0;
    this.crash.count += 1;
    this.crash.lastAt = now;
    this.crash.lastDetail = detail;
    const backoff = this.options.backoffMs ?? DEFAULT_BACKOFF;
    const delay = backoff[Math.min(this.attempt, backoff.length - 1)] ?? 1000;
    this.attempt += 1;
    this.log(`[engine] process died (${detail}); restarting in ${delay} ms`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.closing) return;
      this.spawn().then(
        () => this.resume(),
        (error: Error) => {
          this.log(`[engine] restart failed: ${error.message}`);
          if (!this.child && !this.closing) this.onCrash(error.message);
        },
      );
    }, delay);
  }

  /** After a restart: processing resumes where the user left it. */
  private resume(): void {
    if (!this.lastStart) return;
    this.call('engine:start', this.lastStart).catch((error: Error) =>
      this.log(`[engine] could not resume processing after a restart: ${error.message}`),
    );
  }

  private receive(message: FromWorker): void {
    if (message.type === 'result') {
      const p = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (!p) return;
      if (message.ok) p.resolve(message.value);
      else p.reject(new EngineError(message.error.code as EngineErrorCode, message.error.message));
    } else if (message.type === 'events') {
      const batch = this.annotateBatch(message.batch);
      for (const listener of this.listeners) {
        try {
          listener(batch);
        } catch (error) {
          this.log(`[engine] event listener failed: ${(error as Error).message}`);
        }
      }
    } else if (message.type === 'closed') {
      this.child?.kill();
    }
  }

  private failAll(message: string): void {
    for (const p of this.pending.values()) p.reject(new EngineError('unavailable', message));
    this.pending.clear();
  }

  /** Health as the engine reports it, made at least degraded for a while after a crash. */
  annotateStatus(status: EngineStatus): EngineStatus {
    const { lastAt, count, lastDetail } = this.crash;
    if (lastAt === null || this.now() - lastAt > (this.options.crashWindowMs ?? 10 * 60_000)) return status;
    const reason = `engine process crashed (${lastDetail ?? 'unknown'}) at ${new Date(lastAt).toISOString()} and was restarted (${count} crash${count === 1 ? '' : 'es'} since start)`;
    return {
      ...status,
      health: {
        status: status.health.status === 'healthy' ? 'degraded' : status.health.status,
        reasons: [reason, ...status.health.reasons],
      },
    };
  }

  private annotateBatch(batch: EventBatch): EventBatch {
    if (this.crash.lastAt === null) return batch;
    return {
      ...batch,
      events: batch.events.map((e) =>
        e.type === 'status' ? { ...e, status: this.annotateStatus(e.status) } : e,
      ),
    };
  }

  call<C extends CommandName>(name: C, request: CommandRequest<C>): Promise<CommandResponse<C>> {
    if (name === 'engine:start') this.lastStart = request as CommandRequest<'engine:start'>;
    if (name === 'engine:stop') this.lastStart = null;
    const child = this.child;
    if (!child || !this.ready || this.closing)
      return Promise.reject(new EngineError('unavailable', 'the engine process is restarting'));
    const id = this.nextId++;
    return new Promise<unknown>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        child.postMessage({ type: 'call', id, name, request });
      } catch (error) {
        this.pending.delete(id);
        reject(
          new EngineError(
            'invalid_request',
            `request cannot be passed to the engine: ${(error as Error).message}`,
          ),
        );
      }
    }).then((value) =>
      name === 'engine:status' || name === 'engine:start' || name === 'engine:stop'
        ? this.annotateStatus(value as EngineStatus)
        : value,
    ) as Promise<CommandResponse<C>>;
  }

  onEvents(listener: (batch: EventBatch) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Asks the engine to stop and flush, then ends the child; no restart after this. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (this.restartTimer) clearTimeout(this.restartTimer);
      const child = this.child;
      if (!child) return resolve();
      child.onExit(() => resolve());
      // A child still starting has no engine listening yet: nothing to flush, end it.
      if (!this.ready) return child.kill();
      try {
        child.postMessage({ type: 'close' });
      } catch {
        child.kill();
      }
    });
    return this.closing;
  }
}
