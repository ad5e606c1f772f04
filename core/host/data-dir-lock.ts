/**
 * One engine per data folder. The headless host takes `<dataDir>/vigil.lock` before its engine
 * starts: a file created exclusively (`wx`), holding who owns it. A second host on the same folder
 * is refused with the folder and the owner's pid, instead of both writing one alert history.
 * A lock left by a process that no longer runs (SIGKILL, power loss) on this machine is taken over.
 * The desktop app holds Electron's single-instance lock for the same purpose.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = 'vigil.lock';

export interface LockOwner {
  pid: number;
  hostname: string;
  startedAt: string;
  command: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner | null,
  ) {
    super(
      owner
        ? `the data folder ${dataDir} is in use by another Vigil engine (${owner.command}, pid ${owner.pid} on ` +
            `${owner.hostname}, since ${owner.startedAt}); stop it or choose another folder with --data-dir`
        : `the data folder ${dataDir} is in use by another Vigil engine (its lock file ${join(dataDir, LOCK_FILE)} ` +
            'is unreadable); stop it or choose another folder with --data-dir',
    );
  }
}

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

function readOwner(path: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    if (typeof owner.pid !== 'number' || typeof owner.hostname !== 'string') return null;
    return {
      pid: owner.pid,
      hostname: owner.hostname,
      startedAt: String(owner.startedAt ?? 'an unknown time'),
      command: String(owner.command ?? 'vigil'),
    };
  } catch {
    return null;
  }
}

/** Whether `pid` names a live process on this machine (EPERM: alive, owned by another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock whose owner ran on this machine and has exited. Another machine's lock is never stale here. */
function isStale(owner: LockOwner | null): boolean {
  return owner !== null && owner.hostname === hostname() && owner.pid !== process.pid && !isAlive(owner.pid);
}

/**
 * Takes the lock of `dataDir` (which must exist) or throws `DataDirLockedError`. The lock is released
 * by `release()` and, as a last resort, when the process exits.
 */
export function acquireDataDirLock(dataDir: string, command: string): DataDirLock {
  const path = join(dataDir, LOCK_FILE);
  const me: LockOwner = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
    command,
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o644);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = readOwner(path);
      if (attempt === 0 && isStale(owner)) {
        unlinkSync(path);
        continue;
      }
      throw new DataDirLockedError(dataDir, owner);
    }
    try {
      writeSync(fd, `${JSON.stringify(me)}\n`);
    } finally {
      closeSync(fd);
    }
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      process.off('exit', release);
      // Remove only our own lock: never one a later owner took over.
      if (readOwner(path)?.pid === process.pid) unlinkSync(path);
    };
    process.on('exit', release);
    return { path, release };
  }
  throw new DataDirLockedError(dataDir, readOwner(path));
}
