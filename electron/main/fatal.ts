/**
 * A start-up failure, told to the user: the reason in an error dialog, a button that opens the
 * folder holding the log file (where the full stack is written), then a clean exit.
 */
import { join } from 'node:path';

export interface FatalDeps {
  /** Electron's dialog.showMessageBox, reduced to what is used. */
  showMessageBox(options: {
    type: 'error';
    title: string;
    message: string;
    detail: string;
    buttons: string[];
    defaultId: number;
    cancelId: number;
  }): Promise<{ response: number }>;
  /** shell.openPath: resolves to an error message, '' on success. */
  openPath(path: string): Promise<string>;
  logsDir: string;
  writeLog(file: string, text: string): void;
  exit(code: number): void;
  now?: () => Date;
}

export const FATAL_LOG = 'vigil-fatal.log';

export async function reportFatal(error: unknown, deps: FatalDeps): Promise<void> {
  const reason = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error && error.stack ? error.stack : reason;
  const logFile = join(deps.logsDir, FATAL_LOG);
  console.error('[vigil] fatal:', reason);
  try {
    deps.writeLog(logFile, `${(deps.now?.() ?? new Date()).toISOString()} Vigil could not start\n${stack}\n`);
  } catch (writeError) {
    console.error('[vigil] could not write', logFile, writeError);
  }
  try {
    const { response } = await deps.showMessageBox({
      type: 'error',
      title: 'Vigil could not start',
      message: 'Vigil could not start',
      detail: `${reason}\n\nDetails are in ${logFile}.`,
      buttons: ['Open logs', 'Quit'],
      defaultId: 1,
      cancelId: 1,
    });
    if (response === 0) {
      const failed = await deps.openPath(deps.logsDir);
      if (failed) console.error(`[vigil] could not open ${deps.logsDir}: ${failed}`);
    }
  } finally {
    deps.exit(1);
  }
}
