import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../core/contract';
import { AlertHistory, type HistoryChanges } from '../../core/alerts/history';
import { NodeHistoryFs, type HistoryFs } from '../../core/alerts/history-fs';

let dir: string;
beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-history-'));
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

function alert(n: number, overrides: Partial<Alert> = {}): Alert {
  return {
    id: `al-${n}`,
    fingerprint: `system_error|t${n}|db`,
    level: 'high',
    trigger: 'system_error',
    title: `Alert ${n}`,
    reason: 'disk failed',
    count: 1,
    firstSeen: n,
    lastSeen: n,
    status: 'open',
    snoozedUntil: null,
    service: 'db',
    topic: 'logs',
    templateId: `t${n}`,
    template: 'disk <*> failed',
    samples: ['disk sda failed'],
    ...overrides,
  };
}

/** A tiny in-test model of the caller: the current state, fed to history as changes. */
class State {
  readonly alerts = new Map<string, Alert>();
  upsert(...list: Alert[]): HistoryChanges {
    for (const a of list) this.alerts.set(a.id, a);
    return { upserts: list, deletes: [] };
  }
  remove(id: string): HistoryChanges {
    this.alerts.delete(id);
    return { upserts: [], deletes: [id] };
  }
  full = (): Alert[] => Array.from(this.alerts.values());
}

function byId(list: Alert[]): Alert[] {
  return list.slice().sort((x, y) => (x.id < y.id ? -1 : 1));
}

/** The real fs with a switchable fault, to simulate ENOSPC/EACCES/EROFS (we run as root). */
class FaultyFs implements HistoryFs {
  private readonly real = new NodeHistoryFs();
  fault: string | null = null;
  failTruncate = false;
  private check(op: string): void {
    if (this.fault !== null) {
      const error = new Error(`${this.fault}: simulated failure, ${op}`) as NodeJS.ErrnoException;
      error.code = this.fault;
      throw error;
    }
  }
  mkdirp = (d: string) => (this.check('mkdir'), this.real.mkdirp(d));
  readText = (f: string) => (this.check('open'), this.real.readText(f));
  append = (f: string, t: string, s: boolean) => (this.check('write'), this.real.append(f, t, s));
  replace = (f: string, t: string) => (this.check('write'), this.real.replace(f, t));
  closeAppends = () => this.real.closeAppends();
  moveAside = (f: string, to: string) => (this.check('rename'), this.real.moveAside(f, to));
  truncate = async (f: string) => {
    this.check('truncate');
    if (this.failTruncate)
      throw Object.assign(new Error('EIO: simulated crash before truncate'), { code: 'EIO' });
    return this.real.truncate(f);
  };
}

describe('AlertHistory', () => {
  it('survives a reload with the alerts and their state', async () => {
    const state = new State();
    const history = new AlertHistory({ dir });
    expect(await history.load(0)).toEqual([]);
    await history.write(state.upsert(alert(1), alert(2), alert(3)), state.full, 1);
    await history.write(state.upsert(alert(1, { status: 'acknowledged', count: 4 })), state.full, 2);
    await history.write(state.upsert(alert(2, { status: 'resolved' })), state.full, 3);
    await history.write(state.upsert(alert(3, { snoozedUntil: 99_999 })), state.full, 4);
    await history.write(state.remove('al-3'), state.full, 5);

    const reloaded = await new AlertHistory({ dir }).load(6);
    expect(byId(reloaded)).toEqual(byId(state.full()));
    expect(reloaded.find((a) => a.id === 'al-1')).toMatchObject({ status: 'acknowledged', count: 4 });
  });

  it('replays counter updates onto the alerts they name', async () => {
    const state = new State();
    const history = new AlertHistory({ dir });
    await history.load(0);
    await history.write(state.upsert(alert(1), alert(2)), state.full, 1);
    await history.write(
      {
        upserts: [],
        counters: [
          ['al-1', 9, 50],
          ['al-gone', 3, 3],
        ],
        deletes: [],
      },
      state.full,
      50,
    );
    const reloaded = byId(await new AlertHistory({ dir }).load(60));
    expect(reloaded.map((a) => [a.id, a.count, a.lastSeen])).toEqual([
      ['al-1', 9, 50],
      ['al-2', 1, 2],
    ]);
  });

  it('compacts the journal into a snapshot and keeps disk use bounded', async () => {
    const state = new State();
    const maxJournalBytes = 8192;
    // Durability is not under test: no fdatasync per line (each compaction still fsyncs its snapshot).
    const history = new AlertHistory({ dir, maxJournalBytes, maxSnapshotBytes: 64 * 1024, sync: 'never' });
    await history.load(0);
    let compactions = 0;
    for (let i = 0; i < 200; i++) {
      const before = history.status().diskBytes;
      await history.write(state.upsert(alert(i % 20, { count: i })), state.full, i);
      expect(history.status().diskBytes).toBeLessThanOrEqual(64 * 1024 + maxJournalBytes);
      if (history.status().diskBytes < before) compactions += 1;
    }
    expect(compactions).toBeGreaterThan(5);
    const files = await fsp.readdir(dir);
    expect(files.sort()).toEqual(['alerts-journal.jsonl', 'alerts-snapshot.json']);
    const onDisk =
      (await fsp.stat(path.join(dir, 'alerts-journal.jsonl'))).size +
      (await fsp.stat(path.join(dir, 'alerts-snapshot.json'))).size;
    expect(history.status().diskBytes).toBe(onDisk);
    expect(byId(await new AlertHistory({ dir }).load(0))).toEqual(byId(state.full()));
  });

  it('keeps active and recent alerts when the snapshot would pass its size cap', async () => {
    const state = new State();
    for (let i = 0; i < 100; i++)
      state.upsert(alert(i, { status: i % 2 === 0 ? 'resolved' : 'open', samples: ['x'.repeat(400)] }));
    const history = new AlertHistory({ dir, maxJournalBytes: 1, maxSnapshotBytes: 40 * 1024 });
    await history.load(0);
    await history.write({ upserts: [alert(1)], deletes: [] }, state.full, 1); // journal too small: compacts
    const { trimmed } = history.status();
    expect(trimmed).toBeGreaterThan(0);
    const kept = await new AlertHistory({ dir }).load(2);
    expect(kept.length).toBe(100 - trimmed);
    expect(kept.filter((a) => a.status === 'open')).toHaveLength(50);
    // The resolved alerts that survived are the most recently seen ones.
    const resolvedKept = kept
      .filter((a) => a.status === 'resolved')
      .map((a) => a.lastSeen)
      .sort((x, y) => y - x);
    expect(resolvedKept[0]).toBe(98);
  });

  it('on a disk error reports degraded without throwing, then saves the full state once it recovers', async () => {
    const fs = new FaultyFs();
    const state = new State();
    const history = new AlertHistory({ dir, fs, retryIntervalMs: 5000 });
    await history.load(0);
    await history.write(state.upsert(alert(1)), state.full, 1);

    fs.fault = 'ENOSPC';
    await history.write(state.upsert(alert(2)), state.full, 1000);
    expect(history.status()).toMatchObject({ degraded: true, failures: 1 });
    expect(history.status().reason).toContain('ENOSPC');
    await history.write(state.upsert(alert(3)), state.full, 2000); // inside the retry interval: not tried
    expect(history.status().failures).toBe(1);
    await history.write(state.upsert(alert(4)), state.full, 6000); // retried, still failing
    expect(history.status().failures).toBe(2);

    fs.fault = null;
    await history.write(state.upsert(alert(5)), state.full, 8000); // retry not due yet
    expect(history.status().degraded).toBe(true);
    await history.write(state.upsert(alert(6)), state.full, 11_000);
    expect(history.status()).toMatchObject({ degraded: false, reason: null, failures: 2 });
    expect(byId(await new AlertHistory({ dir }).load(0)).map((a) => a.id)).toEqual([
      'al-1',
      'al-2',
      'al-3',
      'al-4',
      'al-5',
      'al-6',
    ]);
  });

  it('treats EACCES and EROFS the same way', async () => {
    for (const code of ['EACCES', 'EROFS']) {
      const fs = new FaultyFs();
      const history = new AlertHistory({ dir: path.join(dir, code), fs });
      fs.fault = code;
      expect(await history.load(0)).toEqual([]);
      expect(history.status().reason).toContain(code);
      await expect(
        history.write({ upserts: [alert(1)], deletes: [] }, () => [alert(1)], 10_000),
      ).resolves.toBeUndefined();
      fs.fault = null;
      await history.write({ upserts: [], deletes: [] }, () => [alert(1)], 20_000);
      expect(history.status().degraded).toBe(false);
    }
  });

  it('with a real unusable directory (its parent is a file) degrades, then recovers', async () => {
    const blocker = path.join(dir, 'blocker');
    await fsp.writeFile(blocker, 'not a directory');
    const history = new AlertHistory({ dir: path.join(blocker, 'alerts'), retryIntervalMs: 1000 });
    expect(await history.load(0)).toEqual([]);
    expect(history.status().degraded).toBe(true);
    expect(history.status().reason).toMatch(/ENOTDIR|EEXIST/);
    await history.write({ upserts: [alert(1)], deletes: [] }, () => [alert(1)], 2000);
    expect(history.status().failures).toBe(2);

    await fsp.rm(blocker);
    await history.write({ upserts: [alert(2)], deletes: [] }, () => [alert(1), alert(2)], 4000);
    expect(history.status().degraded).toBe(false);
    expect(
      byId(await new AlertHistory({ dir: path.join(blocker, 'alerts') }).load(0)).map((a) => a.id),
    ).toEqual(['al-1', 'al-2']);
  });

  it('skips a torn journal line and reports it', async () => {
    const state = new State();
    const history = new AlertHistory({ dir });
    await history.load(0);
    await history.write(state.upsert(alert(1)), state.full, 1);
    await fsp.appendFile(path.join(dir, 'alerts-journal.jsonl'), '{"seq":2,"at":2,"upserts":[{"id":"al-');
    const again = new AlertHistory({ dir });
    expect((await again.load(3)).map((a) => a.id)).toEqual(['al-1']);
    expect(again.status().loadProblems.join(' ')).toContain('1 unreadable journal line');
    // The next write rewrites clean files.
    await again.write({ upserts: [], deletes: [] }, () => [alert(1)], 4);
    expect(await fsp.readFile(path.join(dir, 'alerts-journal.jsonl'), 'utf8')).toBe('');
  });

  it('moves a corrupt snapshot aside and says so', async () => {
    await fsp.writeFile(path.join(dir, 'alerts-snapshot.json'), '{ not json');
    const history = new AlertHistory({ dir });
    expect(await history.load(0)).toEqual([]);
    expect(history.status().loadProblems[0]).toContain('moved to');
    expect(await fsp.readFile(path.join(dir, 'alerts-snapshot.json.corrupt'), 'utf8')).toBe('{ not json');
  });

  it('skips invalid alerts with a reason', async () => {
    await fsp.writeFile(
      path.join(dir, 'alerts-journal.jsonl'),
      `${JSON.stringify({ seq: 1, at: 0, upserts: [alert(1), { ...alert(2), level: 'apocalyptic' }], deletes: [] })}\n`,
    );
    const history = new AlertHistory({ dir });
    expect((await history.load(0)).map((a) => a.id)).toEqual(['al-1']);
    expect(history.status().loadProblems[0]).toMatch(/invalid alert in journal line 1/);
  });

  it('does not roll back to journal lines older than the snapshot (crash between snapshot and truncate)', async () => {
    const fs = new FaultyFs();
    const state = new State();
    const history = new AlertHistory({ dir, fs, maxJournalBytes: 2000 });
    await history.load(0);
    await history.write(state.upsert(alert(1, { count: 1 })), state.full, 1);
    fs.failTruncate = true;
    // This write does not fit in the journal: the snapshot is written, truncation "crashes".
    await history.write(state.upsert(alert(1, { count: 2, samples: ['y'.repeat(1500)] })), state.full, 2);
    expect(history.status().degraded).toBe(true);
    const reloaded = await new AlertHistory({ dir }).load(3);
    expect(reloaded.map((a) => a.count)).toEqual([2]);
  });
});
