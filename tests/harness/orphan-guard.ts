/**
 * Makes sure a broker process and its data directory never outlive the process that started them,
 * however that process ends.
 *
 * - A normal exit (including `process.exit` after failed tests) runs a synchronous 'exit' hook.
 * - A crash or SIGKILL runs no hook at all, so a tiny `sh` watchdog, in its own process group,
 *   holds the read end of a pipe from us: when we die the pipe closes, `cat` returns, and the
 *   watchdog kills the broker and deletes the directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { Socket } from 'node:net';

// "$1" is the broker pid, or empty when only the directory is left to guard (after a SIGKILL).
const WATCHDOG_SCRIPT = [
  'cat >/dev/null 2>&1',
  'if [ -n "$1" ]; then kill -KILL "$1" 2>/dev/null; while kill -0 "$1" 2>/dev/null; do sleep 0.1; done; fi',
  'rm -rf -- "$2"',
].join('; ');

export class OrphanGuard {
  private watchdog: ChildProcess | null = null;
  private readonly onExit = (): void => this.killNow();

  /** `pid` null: no live process to guard any more, only the directory. */
  constructor(
    private readonly pid: number | null,
    private readonly dataDir: string,
  ) {
    process.on('exit', this.onExit);
    this.watchdog = spawn(
      'sh',
      ['-c', WATCHDOG_SCRIPT, 'vigil-kafka-watchdog', pid === null ? '' : String(pid), dataDir],
      {
        detached: true,
        stdio: ['pipe', 'ignore', 'ignore'],
      },
    );
    this.watchdog.on('error', () => {
      // No `sh`: the 'exit' hook still covers every ending but a hard crash.
      this.watchdog = null;
    });
    // Neither the watchdog nor its pipe may keep the test runner's event loop alive.
    this.watchdog.unref();
    (this.watchdog.stdin as unknown as Socket | null)?.unref();
  }

  /** The broker was shut down on purpose: stand the watchdog and the exit hook down. */
  disarm(): void {
    process.off('exit', this.onExit);
    const watchdog = this.watchdog;
    this.watchdog = null;
    if (watchdog?.pid === undefined) return;
    try {
      process.kill(-watchdog.pid, 'SIGKILL'); // its whole group: `sh` and its `cat`
    } catch {
      // Already gone.
    }
    watchdog.stdin?.destroy();
  }

  private killNow(): void {
    try {
      if (this.pid !== null) process.kill(this.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    try {
      rmSync(this.dataDir, { recursive: true, force: true });
    } catch {
      // The watchdog gets a second chance at it once we are gone.
    }
  }
}
