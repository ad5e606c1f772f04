/**
 * Where the headless host keeps its data by default: the platform's user-data location, as the
 * desktop app's Electron `userData` (productName "Vigil"), so both find one history and the data-folder
 * lock keeps them from running on it at once. VIGIL_USER_DATA overrides it, as for the desktop app.
 *   Linux   $XDG_CONFIG_HOME/Vigil/data (default ~/.config/Vigil/data)
 *   macOS   ~/Library/Application Support/Vigil/data
 *   Windows %APPDATA%\Vigil\data
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_DIR_NAME = 'Vigil';

export function defaultUserDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.VIGIL_USER_DATA) return env.VIGIL_USER_DATA;
  switch (platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', APP_DIR_NAME);
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
    default:
      return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_DIR_NAME);
  }
}

/** The engine's data folder inside the user-data location (the desktop uses the same `data`). */
export function defaultEngineDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(defaultUserDataDir(env), 'data');
}
