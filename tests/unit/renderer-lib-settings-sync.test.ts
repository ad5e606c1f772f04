/**
 * Issue 13 item 7: saving Settings from the window must not reset what the form does not show.
 * Before the fix, every save sent `doNotDisturb: false`, `maxPerMinute: 5` and
 * `allowCritical: true`, whatever the stored settings said.
 */
import { describe, expect, it } from 'vitest';
import { Settings, SettingsView } from '../../core/contract';
import { fromContractSettings, toContractSettings } from '../../renderer/src/lib/settings-sync';
import { INITIAL_SETTINGS, type SettingsState } from '../../renderer/src/stores/settings';

const stored = SettingsView.parse({
  passwordSet: false,
  notifications: {
    levels: ['critical'],
    doNotDisturb: true,
    maxPerMinute: 12,
    quietHours: { enabled: true, start: '23:00', end: '06:30', allowCritical: false },
  },
});

/** The window loads the stored settings into its form, then saves without touching notifications. */
function roundTrip(view: SettingsView): Settings {
  const state: SettingsState = { ...INITIAL_SETTINGS, ...fromContractSettings(view, INITIAL_SETTINGS) };
  const out = toContractSettings(state, 'dark');
  if (!out.ok) throw new Error(JSON.stringify(out.errors));
  return Settings.parse(out.settings);
}

describe('settings round trip through the window', () => {
  it('keeps do-not-disturb, the per-minute cap and whether critical breaks quiet hours', () => {
    expect(roundTrip(stored).notifications).toEqual(stored.notifications);
  });

  it('keeps the defaults when the stored settings are the defaults', () => {
    const defaults = SettingsView.parse({ passwordSet: false });
    expect(roundTrip(defaults).notifications).toEqual(defaults.notifications);
  });
});
