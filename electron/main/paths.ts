/** Where Vigil's files live in the desktop app, in development and when packaged. */
import { app } from 'electron';
import { join } from 'node:path';

export const userDataDir = (): string => app.getPath('userData');
export const settingsFile = (): string => join(userDataDir(), 'settings.json');
export const engineDataDir = (): string => join(userDataDir(), 'data');

/** Models ship as extra resources in installers; in development they are the repo's models/. */
export const modelsDir = (): string =>
  app.isPackaged ? join(process.resourcesPath, 'models') : join(app.getAppPath(), 'models');

/** The demo source's bundled Loghub samples, shipped beside the models. */
export const demoDataDir = (): string =>
  app.isPackaged
    ? join(process.resourcesPath, 'demo-data')
    : join(app.getAppPath(), 'core', 'ingest', 'demo-data');

/** The shipped rule pack, beside the models in installers; in development the repo's core/rules/pack. */
export const rulePackDir = (): string =>
  app.isPackaged
    ? join(process.resourcesPath, 'rules-pack')
    : join(app.getAppPath(), 'core', 'rules', 'pack');

export const rendererIndex = (): string => join(__dirname, '../renderer/index.html');
export const preloadScript = (): string => join(__dirname, '../preload/index.js');
