/**
 * Issue 17 item 1: the start-up failure report itself must always end the process, even when the
 * log cannot be written or the dialog fails, and must put the full reason in the log.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { FATAL_LOG, reportFatal, type FatalDeps } from '../../electron/main/fatal';

function deps(overrides: Partial<FatalDeps> = {}) {
  const exit = vi.fn<(code: number) => void>();
  const showMessageBox = vi.fn<FatalDeps['showMessageBox']>(() => Promise.resolve({ response: 1 }));
  const openPath = vi.fn<FatalDeps['openPath']>(() => Promise.resolve(''));
  const logsDir = mkdtempSync(join(tmpdir(), 'vigil-fatal-'));
  const d: FatalDeps = {
    showMessageBox,
    openPath,
    logsDir,
    writeLog: (file, text) => writeFileSync(file, text, { flag: 'a' }),
    now: () => new Date(Date.UTC(2026, 11, 5)),
    exit,
    ...overrides,
  };
  return { d, exit, showMessageBox, openPath, logsDir };
}

describe('reportFatal', () => {
  const quiet = () => vi.spyOn(console, 'error').mockImplementation(() => undefined);

  it('writes the stack to the log, names the log in the dialog and exits with 1', async () => {
    const spy = quiet();
    const { d, exit, showMessageBox, openPath, logsDir } = deps();
    await reportFatal(new Error('cannot bind the tray'), d);
    const log = readFileSync(join(logsDir, FATAL_LOG), 'utf8');
    expect(log).toContain('2026-12-05T00:00:00.000Z Vigil could not start');
    expect(log).toContain('Error: cannot bind the tray');
    expect(showMessageBox.mock.calls[0]![0].detail).toContain(join(logsDir, FATAL_LOG));
    expect(openPath).not.toHaveBeenCalled();
    expect(exit).toHaveBeenCalledWith(1);
    spy.mockRestore();
  });

  it('still exits when the log cannot be written and the dialog fails', async () => {
    const spy = quiet();
    const { d, exit } = deps({
      writeLog: () => {
        throw new Error('EACCES');
      },
      showMessageBox: () => Promise.reject(new Error('no display')),
    });
    await expect(reportFatal('engine worker exited', d)).rejects.toThrow('no display');
    expect(exit).toHaveBeenCalledWith(1);
    spy.mockRestore();
  });
});
