/**
 * Makes the alert-history folder run out of space mid-stream, and gives the space back.
 *
 * Running as root, permission tricks (chmod) do not stop writes, so the real thing is used: the
 * folder is a small tmpfs of its own, `fill()` writes a filler file until the kernel answers
 * ENOSPC, and `free()` deletes it. Where mounting is not allowed (not root, no CAP_SYS_ADMIN), or
 * with VIGIL_RELIABILITY_DISK=injected, the same failure is injected through the history's file
 * layer (core/alerts/history-fs.ts) instead; `mode` says which one ran.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { NodeHistoryFs, type HistoryFs } from '../../../core/alerts';

export interface DiskTrouble {
  mode: 'tmpfs' | 'injected';
  /** The file layer to give the alert history: null for the real one. */
  historyFs: HistoryFs | null;
  /** Bytes the filler took (tmpfs mode). */
  fillerBytes: number;
  fill(): void;
  free(): void;
  /** Unmounts (tmpfs mode); call after the engine has closed its files. */
  release(): void;
}

const FILLER = '.disk-filler';
const CHUNK = Buffer.alloc(64 * 1024, 0x20);

function enospc(operation: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOSPC: no space left on device, ${operation}`), {
    code: 'ENOSPC',
    errno: -28,
  });
}

/** The real file layer, failing as a full disk does while `full` is set. */
class FullDiskHistoryFs implements HistoryFs {
  full = false;
  private readonly real = new NodeHistoryFs();

  private guard(operation: string): void {
    if (this.full) throw enospc(operation);
  }
  async mkdirp(dir: string): Promise<void> {
    await this.real.mkdirp(dir);
  }
  readText(file: string): Promise<string | null> {
    return this.real.readText(file);
  }
  async append(file: string, text: string, sync: boolean): Promise<void> {
    this.guard('write');
    await this.real.append(file, text, sync);
  }
  closeAppends(): Promise<void> {
    return this.real.closeAppends();
  }
  async replace(file: string, text: string): Promise<void> {
    this.guard('write');
    await this.real.replace(file, text);
  }
  async truncate(file: string): Promise<void> {
    await this.real.truncate(file);
  }
  moveAside(file: string, to: string): Promise<void> {
    return this.real.moveAside(file, to);
  }
}

function tryMountTmpfs(dir: string, sizeBytes: number): boolean {
  if (process.env.VIGIL_RELIABILITY_DISK === 'injected') return false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes},mode=0755`, 'tmpfs', dir], {
      stdio: 'pipe',
    });
    return true;
  } catch {
    return false;
  }
}

export function prepareDiskTrouble(dir: string, sizeBytes: number): DiskTrouble {
  mkdirSync(dir, { recursive: true });
  if (!tryMountTmpfs(dir, sizeBytes)) {
    const fs = new FullDiskHistoryFs();
    return {
      mode: 'injected',
      historyFs: fs,
      fillerBytes: 0,
      fill: () => {
        fs.full = true;
      },
      free: () => {
        fs.full = false;
      },
      release: () => undefined,
    };
  }
  const filler = join(dir, FILLER);
  const trouble: DiskTrouble = {
    mode: 'tmpfs',
    historyFs: null,
    fillerBytes: 0,
    fill: () => {
      const fd = openSync(filler, 'w');
      try {
        for (;;) trouble.fillerBytes += writeSync(fd, CHUNK);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        closeSync(fd);
      }
    },
    free: () => rmSync(filler, { force: true }),
    release: () => {
      try {
        execFileSync('umount', [dir], { stdio: 'pipe' });
      } catch {
        execFileSync('umount', ['-l', dir], { stdio: 'pipe' }); // still busy: detach it
      }
    },
  };
  return trouble;
}
