/**
 * Demo replay, the thresholds the Overview highlights, the notification policy and the theme.
 */
import { ALERT_LEVELS, parseClock } from '../../../../core/contract';
import type { AlertLevel } from '../../../../core/contract';
import { Field } from '../../components/Field';
import { editDemo, useSettingsStore, type NotificationPolicy, type Thresholds } from '../../stores/settings';
import { useUiStore, type Theme } from '../../stores/ui';

function setThresholds(patch: Partial<Thresholds>): void {
  useSettingsStore.setState((state) => ({ thresholds: { ...state.thresholds, ...patch } }));
}

function setNotifications(patch: Partial<NotificationPolicy>): void {
  useSettingsStore.setState((state) => ({ notifications: { ...state.notifications, ...patch } }));
}

export function RulesSection() {
  const rulesDir = useSettingsStore((state) => state.rulesDir);
  return (
    <section className="card settings-section" data-testid="settings-rules">
      <h3>Detection rules</h3>
      <Field
        label="Your rules folder"
        error={null}
        hint="YAML or JSON rule files (docs/detection.md); a rule with a shipped rule's id replaces it. Read when the engine starts: restart to apply."
      >
        {(id) => (
          <input
            id={id}
            type="text"
            placeholder="/path/to/rules (none)"
            value={rulesDir}
            onChange={(event) => useSettingsStore.setState({ rulesDir: event.currentTarget.value })}
            data-testid="settings-rules-dir"
          />
        )}
      </Field>
    </section>
  );
}

/** i16a: who is recorded in audit trails (acknowledge, snooze, resolve, notes). */
export function ActorSection() {
  const actorName = useSettingsStore((state) => state.actorName);
  return (
    <section className="card settings-section" data-testid="settings-actor">
      <h3>Your name</h3>
      <Field
        label="Name in the audit trail"
        error={actorName.trim().length > 128 ? 'At most 128 characters.' : null}
        hint="Recorded with every acknowledge, snooze, resolve and note. Empty: your OS user name. Read when the engine starts: restart to apply."
      >
        {(id) => (
          <input
            id={id}
            type="text"
            placeholder="(your OS user name)"
            value={actorName}
            onChange={(event) => useSettingsStore.setState({ actorName: event.currentTarget.value })}
            data-testid="settings-actor-name"
          />
        )}
      </Field>
    </section>
  );
}

export function DemoSection() {
  const demo = useSettingsStore((state) => state.demo);
  return (
    <section className="card settings-section" data-testid="settings-demo">
      <h3>Demo replay</h3>
      <div className="form-grid">
        <Field
          label="Logs per second"
          error={Number.isFinite(demo.rate) && demo.rate > 0 ? null : 'Enter a positive rate.'}
        >
          {(id) => (
            <input
              id={id}
              type="number"
              min={1}
              value={Number.isFinite(demo.rate) ? demo.rate : ''}
              onChange={(event) => editDemo({ rate: event.currentTarget.valueAsNumber })}
            />
          )}
        </Field>
        <label className="check">
          <input
            type="checkbox"
            checked={demo.incidents}
            onChange={(event) => editDemo({ incidents: event.currentTarget.checked })}
          />
          Mix in scripted incidents
        </label>
      </div>
    </section>
  );
}

function NumberField({
  label,
  value,
  onChange,
  testId,
  hint,
}: {
  label: string;
  value: number;
  onChange: (value: number) => void;
  testId: string;
  hint?: string;
}) {
  const invalid = !Number.isFinite(value) || value < 0;
  return (
    <Field label={label} error={invalid ? 'Enter a number ≥ 0.' : null} hint={hint}>
      {(id) => (
        <input
          id={id}
          type="number"
          min={0}
          value={Number.isFinite(value) ? value : ''}
          onChange={(event) => onChange(event.currentTarget.valueAsNumber)}
          data-testid={testId}
        />
      )}
    </Field>
  );
}

export function ThresholdSection() {
  const thresholds = useSettingsStore((state) => state.thresholds);
  return (
    <section className="card settings-section" data-testid="settings-thresholds">
      <h3>Thresholds</h3>
      <p className="muted">Overview figures above these are highlighted.</p>
      <div className="form-grid">
        <NumberField
          label="Processing error rate (%)"
          value={thresholds.errorRatePercent}
          onChange={(errorRatePercent) => setThresholds({ errorRatePercent })}
          testId="settings-threshold-error-rate"
        />
        <NumberField
          label="Consumer lag (messages)"
          value={thresholds.consumerLag}
          onChange={(consumerLag) => setThresholds({ consumerLag })}
          testId="settings-threshold-lag"
        />
        <NumberField
          label="Decision latency p99 (ms)"
          value={thresholds.decisionLatencyP99Ms}
          onChange={(decisionLatencyP99Ms) => setThresholds({ decisionLatencyP99Ms })}
          testId="settings-threshold-latency"
        />
      </div>
    </section>
  );
}

export function NotificationSection() {
  const policy = useSettingsStore((state) => state.notifications);
  const setLevel = (level: AlertLevel, on: boolean) =>
    setNotifications({ levels: { ...policy.levels, [level]: on } });
  const setQuiet = (patch: Partial<NotificationPolicy['quietHours']>) =>
    setNotifications({ quietHours: { ...policy.quietHours, ...patch } });
  const quietInvalid =
    policy.quietHours.enabled &&
    (parseClock(policy.quietHours.start) === null || parseClock(policy.quietHours.end) === null);
  return (
    <section className="card settings-section" data-testid="settings-notifications">
      <h3>Notifications</h3>
      <p className="muted">Which alerts the engine selects for notification also pop up in this window.</p>
      <div className="chips" role="group" aria-label="Levels that pop up">
        {ALERT_LEVELS.map((level) => (
          <label key={level} className={`check level-edge-${level}`}>
            <input
              type="checkbox"
              checked={policy.levels[level]}
              onChange={(event) => setLevel(level, event.currentTarget.checked)}
              data-testid={`settings-notify-${level}`}
            />
            {level}
          </label>
        ))}
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={policy.quietHours.enabled}
          onChange={(event) => setQuiet({ enabled: event.currentTarget.checked })}
          data-testid="settings-quiet-enabled"
        />
        Quiet hours (critical alerts still pop up)
      </label>
      {policy.quietHours.enabled && (
        <div className="form-grid">
          <Field label="From" error={quietInvalid ? 'Use HH:MM.' : null}>
            {(id) => (
              <input
                id={id}
                type="time"
                value={policy.quietHours.start}
                onChange={(event) => setQuiet({ start: event.currentTarget.value })}
              />
            )}
          </Field>
          <Field label="Until">
            {(id) => (
              <input
                id={id}
                type="time"
                value={policy.quietHours.end}
                onChange={(event) => setQuiet({ end: event.currentTarget.value })}
              />
            )}
          </Field>
        </div>
      )}
    </section>
  );
}

export function AppearanceSection() {
  const theme = useUiStore((state) => state.theme);
  return (
    <section className="card settings-section">
      <h3>Appearance</h3>
      <fieldset className="segmented" aria-label="Theme">
        {(['dark', 'light'] as Theme[]).map((option) => (
          <label key={option} className={theme === option ? 'active' : ''}>
            <input
              type="radio"
              name="theme"
              checked={theme === option}
              onChange={() => useUiStore.setState({ theme: option })}
              data-testid={`settings-theme-${option}`}
            />
            {option}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
