/**
 * Issue 17 item 10, wiring: the desktop app hosts its engine in a utility process (a separate OS
 * process), not in a worker thread of the main process, whose native crash would take the window
 * and the tray down with it. Electron is faked (./electron-fake.ts); the utility process is a fake
 * that speaks the engine protocol.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { FromWorker, ToWorker } from '../../core/engine/worker-protocol';
import { engineStatus } from './renderer-fixtures';

vi.mock('electron', () => import('./electron-fake').then((m) => m.electronModule()));

class FakeUtility extends EventEmitter {
  readonly calls: string[] = [];
  postMessage(message: ToWorker): void {
    if (message.type !== 'call') return;
    this.calls.push(message.name);
    const value = message.name === 'alerts:list' ? { alerts: [] } : engineStatus();
    this.reply({ type: 'result', id: message.id, ok: true, value });
  }
  reply(message: FromWorker): void {
    queueMicrotask(() => this.emit('message', message));
  }
  kill(): boolean {
    return true;
  }
}

describe('the desktop engine', () => {
  it('runs in a utility process forked from the bundled engine entry', async () => {
    vi.resetModules();
    const fake = await import('./electron-fake');
    fake.resetFake();
    const forks: Array<{ modulePath: string; args: string[]; options: unknown; child: FakeUtility }> = [];
    fake.state.forkUtility = (modulePath, args, options) => {
      const child = new FakeUtility();
      forks.push({ modulePath, args, options, child });
      child.reply({ type: 'ready' });
      return child;
    };
    await import('../../electron/main/index');
    await vi.waitFor(() => expect(fake.state.handlers.size).toBeGreaterThan(0));
    expect(forks).toHaveLength(1);
    expect(forks[0]!.modulePath).toMatch(/engine-process\.js$/);
    expect(forks[0]!.options).toMatchObject({ serviceName: 'Vigil engine' });
    const { env } = forks[0]!.options as { env: Record<string, string> };
    const options = JSON.parse(env.VIGIL_ENGINE_OPTIONS!) as { dataDir: string; modelsDir: string };
    expect(options.dataDir).toContain(fake.state.userData);
    expect(options.modelsDir).toMatch(/models$/);
    expect(fake.FakeBrowserWindow.instances).toHaveLength(1);
  });
});
