/**
 * Issue 17 item 10, the Electron side: the desktop forks the bundled engine entry as a utility
 * process, speaks the engine protocol over its parentPort, and a crash of that process is
 * survived and restarted (the supervision itself is proven on a real forked process in
 * engine-supervisor.test.ts).
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { FromWorker, ToWorker } from '../../core/engine/worker-protocol';
import { fakeChannel, type FakePort } from './electron-fake';
import {
  PORT_HANDOVER,
  ENGINE_PROCESS_ENTRY,
  startEngineProcess,
  type UtilityProcessLike,
} from '../../electron/main/engine-process';
import { engineStatus } from './renderer-fixtures';

/**
 * A utility process running a tiny engine that answers engine:status, over the port handed over
 * with the first parentPort message (as core/engine/process-entry.ts does).
 */
class FakeUtility extends EventEmitter implements UtilityProcessLike {
  static forks: Array<{ modulePath: string; args: string[]; options: unknown; child: FakeUtility }> = [];
  killed = false;
  port: FakePort | null = null;
  postMessage(message: unknown, transfer: FakePort[] = []): void {
    expect(message).toEqual(PORT_HANDOVER);
    this.port = transfer[0]!;
    this.port.on('message', (event) => {
      const m = event.data as ToWorker;
      if (m.type === 'call') this.reply({ type: 'result', id: m.id, ok: true, value: engineStatus() });
      if (m.type === 'close') this.reply({ type: 'closed' });
    });
    this.port.start();
    this.reply({ type: 'ready' });
  }
  reply(message: FromWorker): void {
    this.port!.postMessage(message);
  }
  kill(): boolean {
    this.killed = true;
    queueMicrotask(() => this.emit('exit', 0));
    return true;
  }
  /** The process dies on its own (a native crash: SIGSEGV gives 139 on POSIX). */
  crash(): void {
    this.emit('exit', 139);
  }
}

function fork(modulePath: string, args: string[], options: unknown): FakeUtility {
  const child = new FakeUtility();
  FakeUtility.forks.push({ modulePath, args, options, child });
  return child;
}

describe('startEngineProcess', () => {
  it('forks the bundled entry with its options and serves calls from it', async () => {
    const options = { dataDir: '/data', modelsDir: '/models', demoDataDir: '/demo' };
    const engine = await startEngineProcess(fork, fakeChannel, options);
    const { modulePath, options: forkOptions } = FakeUtility.forks.at(-1)!;
    expect(modulePath.endsWith(ENGINE_PROCESS_ENTRY)).toBe(true);
    const { env, serviceName } = forkOptions as { env: Record<string, string>; serviceName: string };
    expect(serviceName).toBe('Vigil engine');
    expect(JSON.parse(env.VIGIL_ENGINE_OPTIONS!)).toEqual(options);
    expect((await engine.call('engine:status', {})).health.status).toBe('healthy');
    await engine.close();
    expect(FakeUtility.forks.at(-1)!.child.killed).toBe(true);
  });

  it('restarts a crashed engine process and reports the crash', async () => {
    const crashes: string[] = [];
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const engine = await startEngineProcess(fork, fakeChannel, { dataDir: '/data' }, (detail) =>
      crashes.push(detail),
    );
    const before = FakeUtility.forks.length;
    FakeUtility.forks.at(-1)!.child.crash();
    expect(crashes).toEqual([expect.stringContaining('exit code 139')]);
    await vi.waitFor(() => expect(FakeUtility.forks.length).toBe(before + 1), { timeout: 3000 });
    await vi.waitFor(async () => expect(await engine.call('engine:status', {})).toBeDefined());
    const status = await engine.call('engine:status', {});
    expect(status.health.status).toBe('degraded');
    expect(status.health.reasons[0]).toContain('engine process crashed (exit code 139)');
    await engine.close();
    errors.mockRestore();
  });
});

describe('startEngineProcess when the utility process cannot be forked again', () => {
  it('keeps retrying with back-off instead of throwing in the main process', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let forks = 0;
    const flaky = (modulePath: string, args: string[], options: unknown): FakeUtility => {
      forks += 1;
      if (forks === 2) throw new Error('spawn EAGAIN');
      return fork(modulePath, args, options);
    };
    const engine = await startEngineProcess(flaky, fakeChannel, { dataDir: '/data' });
    FakeUtility.forks.at(-1)!.child.crash();
    // First restart fails to fork (logged, retried); the next one succeeds.
    await vi.waitFor(() => expect(forks).toBe(3), { timeout: 5000 });
    await vi.waitFor(async () =>
      expect((await engine.call('engine:status', {})).health.status).toBe('degraded'),
    );
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('could not be spawned: spawn EAGAIN'));
    await engine.close();
    errors.mockRestore();
  }, 10_000);
});
