/**
 * The host's data folder: the platform's user-data default, and the one-engine-per-folder lock
 * (exclusive, naming its owner, taking over only a dead local owner's lock).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE } from '../../core/host/data-dir-lock';
import { defaultEngineDataDir, defaultUserDataDir } from '../../core/host/user-data';

describe('defaultUserDataDir', () => {
  it('follows each platform, as Electron userData does', () => {
    expect(defaultUserDataDir({}, 'linux', '/home/u')).toBe('/home/u/.config/Vigil');
    expect(defaultUserDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/u')).toBe('/x/Vigil');
    expect(defaultUserDataDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/Vigil');
    expect(defaultUserDataDir({ APPDATA: '/appdata' }, 'win32', '/u')).toBe(join('/appdata', 'Vigil'));
  });

  it('obeys VIGIL_USER_DATA and puts the engine data in data/', () => {
    expect(defaultUserDataDir({ VIGIL_USER_DATA: '/v' }, 'linux', '/home/u')).toBe('/v');
    expect(defaultEngineDataDir({ VIGIL_USER_DATA: '/v' })).toBe(join('/v', 'data'));
  });
});

describe('acquireDataDirLock', () => {
  const dirs: string[] = [];
  const dir = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'vigil-lock-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('refuses a second owner, naming the folder and the owner, until released', () => {
    const d = dir();
    const lock = acquireDataDirLock(d, 'vigil serve');
    const owner = JSON.parse(readFileSync(join(d, LOCK_FILE), 'utf8')) as { pid: number };
    expect(owner.pid).toBe(process.pid);
    let error: unknown;
    try {
      acquireDataDirLock(d, 'vigil serve');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as Error).message).toContain(d);
    expect((error as Error).message).toContain(`pid ${process.pid}`);
    lock.release();
    expect(existsSync(join(d, LOCK_FILE))).toBe(false);
    acquireDataDirLock(d, 'vigil serve').release();
  });

  it('takes over the lock of a local process that has exited', () => {
    const d = dir();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const pid = Number(dead.stdout.toString());
    const stale = { pid, hostname: hostname(), startedAt: '2026-01-01T00:00:00Z', command: 'vigil serve' };
    writeFileSync(join(d, LOCK_FILE), JSON.stringify(stale));
    const lock = acquireDataDirLock(d, 'vigil serve');
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it('never takes over the lock of another machine or an unreadable lock', () => {
    const d = dir();
    const remote = { pid: 1, hostname: `not-${hostname()}`, startedAt: 'x', command: 'vigil serve' };
    writeFileSync(join(d, LOCK_FILE), JSON.stringify(remote));
    expect(() => acquireDataDirLock(d, 'vigil serve')).toThrow(/pid 1 on not-/);
    writeFileSync(join(d, LOCK_FILE), 'garbage');
    expect(() => acquireDataDirLock(d, 'vigil serve')).toThrow(/unreadable/);
  });

  it('does not remove a lock that another owner has taken since', () => {
    const d = dir();
    const lock = acquireDataDirLock(d, 'vigil serve');
    writeFileSync(lock.path, JSON.stringify({ pid: process.pid + 1, hostname: hostname() }));
    lock.release();
    expect(existsSync(lock.path)).toBe(true);
  });
});
