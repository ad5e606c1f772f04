/**
 * Issue 17 item 10: the engine in its own OS process, supervised. child_process.fork stands in for
 * Electron's utilityProcess (the same entry, core/engine/process-entry.ts, serves both). The child
 * is killed with SIGKILL, as a native crash in onnxruntime would end it: this process survives,
 * calls in flight fail cleanly, the child is restarted after the back-off, processing resumes and
 * health says what happened.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ENGINE_OPTIONS_VARIABLE,
  type EngineWorkerOptions,
  type FromWorker,
} from '../../core/engine/worker-protocol';
import { SupervisedEngine, type EngineChild } from '../../core/engine/supervisor';

const ROOT = join(__dirname, '../..');
const ENTRY = join(ROOT, 'core/engine/process-entry.ts');
const dataDir = mkdtempSync(join(tmpdir(), 'vigil-supervised-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const children: ChildProcess[] = [];

/** A forked engine process, adapted to EngineChild as electron/main/engine-process.ts adapts utilityProcess. */
function forkEngine(options: EngineWorkerOptions | string): EngineChild {
  const child = fork(ENTRY, [], {
    env: {
      ...process.env,
      [ENGINE_OPTIONS_VARIABLE]: typeof options === 'string' ? options : JSON.stringify(options),
    },
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', typeof options === 'string' ? 'ignore' : 'inherit', 'ipc'],
  });
  children.push(child);
  return {
    postMessage: (message) => void child.send(message),
    onMessage: (listener) => child.on('message', (message) => listener(message as FromWorker)),
    onExit: (listener) =>
      child.on('exit', (code, signal) => listener(signal ? `signal ${signal}` : `code ${code}`)),
    kill: () => void child.kill('SIGKILL'),
  };
}

const options: EngineWorkerOptions = {
  dataDir,
  modelsDir: join(ROOT, 'models'),
  demoDataDir: join(ROOT, 'core/ingest/demo-data'),
};

describe('SupervisedEngine over a forked engine process', () => {
  it('survives a crash of the engine process, restarts it, resumes and reports the crash in health', async () => {
    const logs: string[] = [];
    const engine = await SupervisedEngine.start({
      spawn: () => forkEngine(options),
      backoffMs: [200],
      log: (message) => logs.push(message),
    });
    try {
      const before = await engine.call('engine:status', {});
      expect(before.health.reasons.join(' ')).not.toContain('crashed');
      await engine.call('engine:start', { source: 'demo', demo: { rate: 200, incidents: false } });
      expect((await engine.call('engine:status', {})).running).toBe(true);

      // A native fault kills the process outright.
      const first = children.at(-1)!;
      // Stopped first, so the call is surely still unanswered when the process dies (a fast child
      // could otherwise answer between the send and the kill).
      first.kill('SIGSTOP');
      const inFlight = engine.call('patterns:list', {});
      first.kill('SIGKILL');
      await expect(inFlight).rejects.toThrow(/engine process exited \(signal SIGKILL\)|restarting/);
      await expect(engine.call('engine:status', {})).rejects.toThrow(/restarting/);

      // Restarted after the back-off, processing resumed with the last start request.
      await expect
        .poll(async () => (await engine.call('engine:status', {}).catch(() => null))?.running, {
          timeout: 20_000,
          interval: 200,
        })
        .toBe(true);
      expect(children.at(-1)).not.toBe(first);
      const after = await engine.call('engine:status', {});
      expect(after.health.status).not.toBe('healthy');
      expect(after.health.reasons[0]).toMatch(
        /engine process crashed \(signal SIGKILL\).*restarted \(1 crash since start\)/,
      );
      expect(engine.crashes()).toMatchObject({ count: 1, lastDetail: 'signal SIGKILL' });
      expect(logs.some((l) => l.includes('restarting in 200 ms'))).toBe(true);
    } finally {
      await engine.close();
    }
    // Closing ends the child for good: no restart.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(children.at(-1)!.exitCode !== null || children.at(-1)!.signalCode !== null).toBe(true);
    await expect(engine.call('engine:status', {})).rejects.toThrow(/restarting/);
  }, 60_000);

  it('reports an engine process that dies before it is ready instead of hanging', async () => {
    // Options that are not JSON: the entry throws before the engine exists.
    await expect(SupervisedEngine.start({ spawn: () => forkEngine('{not json') })).rejects.toThrow(
      /engine process exited before it was ready \(code 1\)/,
    );
  }, 20_000);
});
