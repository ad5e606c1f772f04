/**
 * Settings: the Kafka connection and demo replay used by Start, thresholds the Overview highlights,
 * the notification policy, the user's rules folder, the log history and the theme, saved through the host. Fields are validated with the
 * contract's schemas as they are edited; each section lives in views/settings/.
 */
import { KafkaSection } from './settings/KafkaSettings';
import {
  AppearanceSection,
  DemoSection,
  NotificationSection,
  RulesSection,
  ActorSection,
  ThresholdSection,
} from './settings/Preferences';
import { HistorySection } from './settings/HistorySettings';
import { SaveSettings } from './settings/SaveSettings';

export function Settings() {
  return (
    <div className="view settings">
      <header className="view-head">
        <h2>Settings</h2>
        <span className="muted">
          Stored by the host. A Kafka password is kept only in the OS keychain of the desktop app.
        </span>
        <div className="view-actions">
          <SaveSettings />
        </div>
      </header>
      <div className="settings-grid">
        <KafkaSection />
        <div className="settings-column">
          <DemoSection />
          <ThresholdSection />
          <NotificationSection />
          <RulesSection />
          <ActorSection />
          <HistorySection />
          <AppearanceSection />
        </div>
      </div>
    </div>
  );
}
