/**
 * Bytes used by Vigil's data directory. Walks the tree with async fs calls (never on the hot path),
 * bounded in the number of entries visited, and cached: `refresh(now)` walks at most once per
 * `minIntervalMs`, `bytes` returns the last figure.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

export interface DirUsage {
  bytes: number;
  files: number;
  /** True when the walk stopped at `maxEntries` (the figure is then a lower bound). */
  truncated: boolean;
  /** Entries that could not be read (vanished or no permission): skipped, counted. */
  unreadable: number;
}

export async function measureDir(dir: string, maxEntries = 100_000): Promise<DirUsage> {
  const usage: DirUsage = { bytes: 0, files: 0, truncated: false, unreadable: 0 };
  const pending: string[] = [dir];
  let visited = 0;
  while (pending.length > 0) {
    const current = pending.pop()!;
    let entries;
    try {
      entries = await fsp.readdir(current, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') usage.unreadable += 1;
      continue;
    }
    for (const entry of entries) {
      if (++visited > maxEntries) {
        usage.truncated = true;
        return usage;
      }
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        pending.push(full);
      } else if (entry.isFile()) {
        try {
          usage.bytes += (await fsp.stat(full)).size;
          usage.files += 1;
        } catch {
          usage.unreadable += 1;
        }
      }
    }
  }
  return usage;
}

export class DiskUsageMonitor {
  private last: DirUsage = { bytes: 0, files: 0, truncated: false, unreadable: 0 };
  private lastAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<DirUsage> | null = null;

  constructor(
    private readonly dir: string,
    private readonly minIntervalMs = 10_000,
    private readonly maxEntries = 100_000,
  ) {}

  /** Re-measures if the last figure is older than `minIntervalMs`; one walk at a time. */
  refresh(now: number): Promise<DirUsage> {
    if (this.inFlight !== null) return this.inFlight;
    if (now - this.lastAt < this.minIntervalMs) return Promise.resolve(this.last);
    this.lastAt = now;
    this.inFlight = measureDir(this.dir, this.maxEntries)
      .then((usage) => {
        this.last = usage;
        return usage;
      })
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  get bytes(): number {
    return this.last.bytes;
  }

  get usage(): DirUsage {
    return this.last;
  }
}
