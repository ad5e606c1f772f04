/**
 * Issue 17 item 10, wiring: the desktop app hosts its engine in a utility process (a separate OS
 * process), not in a worker thread of the main process, whose native crash would take the window
 * and the tray down with it. Electron is faked (./electron-fake.ts); the utility process is a fake
 * that speaks the engine protocol.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { FromWorker, ToWorker } from '../../core/engine/worker-protocol';
import type { FakePort } from './electron-fake';
import { engineStatus } from './renderer-fixtures';

vi.mock('electron', () => import('./electron-fake').then((m) => m.electronModule()));

/** Answers the engine protocol on the port main hands over with its first message. */
class FakeUtility extends EventEmitter {
  readonly calls: string[] = [];
  private port: FakePort | null = null;
  postMessage(_handover: unknown, transfer: FakePort[] = []): void {
    this.port = transfer[0]!;
    this.port.on('message', (event) => {
      const message = event.data as ToWorker;
      if (message.type !== 'call') return;
      this.calls.push(message.name);
      const value = message.name === 'alerts:list' ? { alerts: [] } : engineStatus();
      this.reply({ type: 'result', id: message.id, ok: true, value });
    });
    this.port.start();
    this.reply({ type: 'ready' });
  }
  reply(message: FromWorker): void {
    this.port!.postMessage(message);
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
    // The window's calls reach the engine over the transferred port.
    const window = fake.FakeBrowserWindow.instances[0]!;
    const answer = (await fake.state.handlers.get('vigil:cmd:engine:status')!(
      { sender: { id: window.webContents.id }, senderFrame: { url: window.url, parent: null } },
      {},
    )) as { ok: boolean };
    expect(answer.ok).toBe(true);
    expect(forks[0]!.child.calls).toEqual(['engine:status']);
  });
});
