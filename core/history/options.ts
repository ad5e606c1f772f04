/** The history's settings (Settings `history*`) as the writer's options. */
import { join } from 'node:path';
import type { Settings } from '../contract';
import type { HistoryWriterOptions } from './writer';

export interface HistorySettings {
  enabled: boolean;
  maxAgeHours: number;
  maxBytes: number;
}

export const DEFAULT_HISTORY: HistorySettings = {
  enabled: true,
  maxAgeHours: 24,
  maxBytes: 2 * 1024 ** 3,
};

export function historyOptions(dataDir: string, settings: HistorySettings): HistoryWriterOptions {
  return {
    dir: join(dataDir, 'history'),
    maxAgeMs: settings.maxAgeHours * 3_600_000,
    maxBytes: settings.maxBytes,
  };
}

/** The history's part of the user's settings. */
export function historySettings(
  settings: Pick<Settings, 'historyEnabled' | 'historyMaxAgeHours' | 'historyMaxBytes'>,
): HistorySettings {
  return {
    enabled: settings.historyEnabled,
    maxAgeHours: settings.historyMaxAgeHours,
    maxBytes: settings.historyMaxBytes,
  };
}
