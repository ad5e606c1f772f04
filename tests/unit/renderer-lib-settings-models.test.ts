import { describe, expect, it } from 'vitest';
import { Settings } from '../../core/contract';
import { fromContractSettings, toContractSettings } from '../../renderer/src/lib/settings-sync';
import { INITIAL_SETTINGS } from '../../renderer/src/stores/settings';

describe('settings sync: the user models folder (A/B experiments)', () => {
  it('saves a typed folder (trimmed) and a blank field as no folder', () => {
    const withDir = toContractSettings({ ...INITIAL_SETTINGS, modelsDir: ' /srv/models  ' }, 'dark');
    expect(withDir.ok && withDir.settings.modelsDir).toBe('/srv/models');
    const blank = toContractSettings({ ...INITIAL_SETTINGS, modelsDir: '' }, 'dark');
    expect(blank.ok && blank.settings.modelsDir).toBeNull();
  });

  it('fills the form from the stored settings, so saving other settings keeps the folder', () => {
    const view = { ...Settings.parse({ modelsDir: '/srv/models' }), passwordSet: false };
    const form = { ...INITIAL_SETTINGS, ...fromContractSettings(view, INITIAL_SETTINGS) };
    expect(form.modelsDir).toBe('/srv/models');
    const saved = toContractSettings({ ...form, rulesDir: '/srv/rules' }, 'dark');
    expect(saved.ok && saved.settings.modelsDir).toBe('/srv/models');
  });
});
