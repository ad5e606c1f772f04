import { describe, expect, it } from 'vitest';
import { Settings } from '../../core/contract';
import { fromContractSettings, toContractSettings } from '../../renderer/src/lib/settings-sync';
import { INITIAL_SETTINGS } from '../../renderer/src/stores/settings';

describe('settings sync: the audit name and incident grouping', () => {
  it('saves a typed name (trimmed) and a blank field as none (the OS user name)', () => {
    const named = toContractSettings({ ...INITIAL_SETTINGS, actorName: '  Ana Lima ' }, 'dark');
    expect(named.ok && named.settings.actorName).toBe('Ana Lima');
    const blank = toContractSettings({ ...INITIAL_SETTINGS, actorName: '  ' }, 'dark');
    expect(blank.ok && blank.settings.actorName).toBeNull();
  });

  it('keeps stored incident grouping through a save from the window, which has no form for it', () => {
    const stored = Settings.parse({
      actorName: 'bo',
      incidents: { groupBy: ['service'], windowMs: 120_000 },
    });
    const form = {
      ...INITIAL_SETTINGS,
      ...fromContractSettings({ ...stored, passwordSet: false }, INITIAL_SETTINGS),
    };
    expect(form.actorName).toBe('bo');
    const saved = toContractSettings(form, 'dark');
    expect(saved.ok && Settings.parse(saved.settings).incidents).toEqual(stored.incidents);
  });
});
