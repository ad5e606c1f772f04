import { describe, expect, it } from 'vitest';
import { Settings } from '../../core/contract';
import { fromContractSettings, toContractSettings } from '../../renderer/src/lib/settings-sync';
import { INITIAL_SETTINGS } from '../../renderer/src/stores/settings';

describe('settings sync: the rules folder', () => {
  it('saves a typed folder (trimmed) and a blank field as no folder', () => {
    const withDir = toContractSettings({ ...INITIAL_SETTINGS, rulesDir: '  /etc/vigil/rules ' }, 'dark');
    expect(withDir.ok && withDir.settings.rulesDir).toBe('/etc/vigil/rules');
    const blank = toContractSettings({ ...INITIAL_SETTINGS, rulesDir: '   ' }, 'dark');
    expect(blank.ok && blank.settings.rulesDir).toBeNull();
  });

  it('fills the form from the stored settings', () => {
    const view = { ...Settings.parse({ rulesDir: '/srv/rules' }), passwordSet: false };
    expect(fromContractSettings(view, INITIAL_SETTINGS).rulesDir).toBe('/srv/rules');
    const none = { ...Settings.parse({}), passwordSet: false };
    expect(fromContractSettings(none, INITIAL_SETTINGS).rulesDir).toBe('');
  });
});
