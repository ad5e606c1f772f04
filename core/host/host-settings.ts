/**
 * Settings for the headless host. The engine does not own settings (only a host can reach a
 * keychain), so this decorator answers `settings:get` / `settings:set` from a store in the data
 * folder and passes every other command to the engine. A headless host has no OS keychain: saving
 * a Kafka password is refused with a clear message, and the password is given at start instead.
 */
import { join } from 'node:path';
import { Settings, type CommandName, type CommandRequest, type CommandResponse } from '../contract';
import type { EngineClient } from '../engine/client';
import { EngineError } from '../engine/errors';
import { SettingsError, SettingsStore, type SecretBox } from '../settings/settings-store';

const NO_KEYCHAIN: SecretBox = {
  isEncryptionAvailable: () => false,
  backend: () => 'none',
  encrypt: () => {
    throw new Error('no keychain');
  },
  decrypt: () => {
    throw new Error('no keychain');
  },
};

const hostStore = (dataDir: string) => new SettingsStore(join(dataDir, 'settings.json'), NO_KEYCHAIN);

/** The settings saved in a data folder (defaults where none are), e.g. the history's at engine start. */
export function readHostSettings(dataDir: string): Settings {
  return hostStore(dataDir).view();
}

/** The settings the engine reads when it starts (Settings `actorName`, `incidents`). */
export function engineSettings(dataDir: string): {
  actorName: string | null;
  incidents: Settings['incidents'];
} {
  const view = hostStore(dataDir).view();
  return { actorName: view.actorName, incidents: view.incidents };
}

export function withHostSettings(engine: EngineClient, dataDir: string): EngineClient {
  const store = hostStore(dataDir);
  return {
    call<C extends CommandName>(name: C, request: CommandRequest<C>): Promise<CommandResponse<C>> {
      if (name === 'settings:get') return Promise.resolve(store.view() as CommandResponse<C>);
      if (name === 'settings:set') {
        try {
          return Promise.resolve(store.save(Settings.parse(request)) as CommandResponse<C>);
        } catch (error) {
          if (error instanceof SettingsError)
            return Promise.reject(new EngineError('conflict', error.message));
          return Promise.reject(error instanceof Error ? error : new Error(String(error)));
        }
      }
      return engine.call(name, request);
    },
    onEvents: (listener) => engine.onEvents(listener),
    close: () => engine.close(),
  };
}
