/**
 * Saves the forms through the host (`settings:set`), which stores them and keeps a Kafka password
 * only in the OS keychain of the desktop app.
 */
import { useState } from 'react';
import { useSettingsStore } from '../../stores/settings';
import { showError, showInfo, useUiStore } from '../../stores/ui';
import { fromContractSettings, toContractSettings } from '../../lib/settings-sync';
import { runCommand } from '../../transport/session';

export function SaveSettings() {
  const [busy, setBusy] = useState(false);
  async function save() {
    const built = toContractSettings(useSettingsStore.getState(), useUiStore.getState().theme);
    if (!built.ok) {
      showError(
        'Settings not saved',
        built.errors.map((e) => `${e.field || 'settings'}: ${e.message}`).join('\n'),
      );
      return;
    }
    setBusy(true);
    const saved = await runCommand('settings:set', built.settings);
    setBusy(false);
    if (saved !== null) {
      useSettingsStore.setState((state) =>
        fromContractSettings(saved, { ...state, startFormsEdited: false }),
      );
      showInfo(
        'Settings saved',
        saved.passwordSet ? 'The Kafka password is stored in the OS keychain.' : 'Stored by the host.',
      );
    }
  }
  return (
    <button
      type="button"
      className="primary"
      onClick={() => void save()}
      disabled={busy}
      data-testid="settings-save"
    >
      {busy ? 'Saving…' : 'Save settings'}
    </button>
  );
}
