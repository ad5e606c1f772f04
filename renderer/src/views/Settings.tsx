/**
 * Settings: the Kafka connection and demo replay used by Start, thresholds the Overview highlights,
 * the in-window notification policy, and the theme. Fields are validated with the contract's
 * schemas as they are edited. The SASL password is write-only: it is kept in memory for the next
 * start and never shown from the engine (which only ever reports it redacted).
 */
import { useMemo, useState } from 'react';
import { ALERT_LEVELS } from '../../../core/contract';
import type { AlertLevel } from '../../../core/contract';
import { Field, fieldError } from '../components/Field';
import { KafkaTextField } from '../components/KafkaTextField';
import { parseClock } from '../lib/notification-policy';
import { buildStartRequest } from '../lib/start-request';
import {
  DEFAULT_KAFKA_FORM,
  editDemo,
  editKafka,
  useSettingsStore,
  type NotificationPolicy,
  type SaslMechanism,
  type Thresholds,
} from '../stores/settings';
import { showError, showInfo, useUiStore, type Theme } from '../stores/ui';
import { fromContractSettings, toContractSettings } from '../lib/settings-sync';
import { runCommand } from '../transport/session';

function setThresholds(patch: Partial<Thresholds>): void {
  useSettingsStore.setState((state) => ({ thresholds: { ...state.thresholds, ...patch } }));
}

function setNotifications(patch: Partial<NotificationPolicy>): void {
  useSettingsStore.setState((state) => ({ notifications: { ...state.notifications, ...patch } }));
}

function KafkaSection() {
  const kafka = useSettingsStore((state) => state.kafka);
  const demo = useSettingsStore((state) => state.demo);
  const errors = useMemo(() => {
    const built = buildStartRequest('kafka', kafka, demo);
    return built.ok ? [] : built.errors;
  }, [kafka, demo]);

  return (
    <section className="card settings-section" data-testid="settings-kafka">
      <h3>Kafka connection</h3>
      <Field
        label="Brokers"
        error={fieldError(errors, 'brokers')}
        hint="host:port, comma- or newline-separated"
      >
        {(id) => (
          <textarea
            id={id}
            rows={2}
            value={kafka.brokers}
            onChange={(event) => editKafka({ brokers: event.currentTarget.value })}
            spellCheck={false}
            data-testid="settings-brokers"
          />
        )}
      </Field>
      <fieldset className="segmented" aria-label="Topic selection">
        <label className={kafka.topicsMode === 'list' ? 'active' : ''}>
          <input
            type="radio"
            name="topicsMode"
            checked={kafka.topicsMode === 'list'}
            onChange={() => editKafka({ topicsMode: 'list' })}
          />
          Topic list
        </label>
        <label className={kafka.topicsMode === 'pattern' ? 'active' : ''}>
          <input
            type="radio"
            name="topicsMode"
            checked={kafka.topicsMode === 'pattern'}
            onChange={() => editKafka({ topicsMode: 'pattern' })}
          />
          Pattern
        </label>
      </fieldset>
      {kafka.topicsMode === 'list' ? (
        <KafkaTextField
          name="topics"
          label="Topics"
          hint="comma-separated"
          errors={errors}
          testId="settings-topics"
        />
      ) : (
        <KafkaTextField
          name="topicPattern"
          label="Topic pattern"
          hint="regular expression, e.g. ^logs\..*"
          errors={errors}
          testId="settings-topic-pattern"
        />
      )}
      <div className="form-grid">
        <KafkaTextField name="groupId" label="Consumer group" errors={errors} testId="settings-group" />
        <KafkaTextField name="clientId" label="Client id" errors={errors} testId="settings-client-id" />
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={kafka.fromBeginning}
          onChange={(event) => editKafka({ fromBeginning: event.currentTarget.checked })}
        />
        Read from the beginning when the group has no committed offset
      </label>

      <h4>Authentication</h4>
      <label className="check">
        <input
          type="checkbox"
          checked={kafka.saslEnabled}
          onChange={(event) => editKafka({ saslEnabled: event.currentTarget.checked })}
          data-testid="settings-sasl-enabled"
        />
        SASL
      </label>
      {kafka.saslEnabled && (
        <div className="form-grid">
          <Field label="Mechanism">
            {(id) => (
              <select
                id={id}
                value={kafka.saslMechanism}
                onChange={(event) => editKafka({ saslMechanism: event.currentTarget.value as SaslMechanism })}
              >
                <option value="plain">PLAIN</option>
                <option value="scram-sha-256">SCRAM-SHA-256</option>
                <option value="scram-sha-512">SCRAM-SHA-512</option>
              </select>
            )}
          </Field>
          <Field label="Username" error={fieldError(errors, 'sasl.username')}>
            {(id) => (
              <input
                id={id}
                value={kafka.saslUsername}
                onChange={(event) => editKafka({ saslUsername: event.currentTarget.value })}
                autoComplete="off"
                spellCheck={false}
                data-testid="settings-sasl-username"
              />
            )}
          </Field>
          <Field
            label="Password"
            error={fieldError(errors, 'sasl.password')}
            hint="kept in memory for the next start only; never shown back"
          >
            {(id) => (
              <input
                id={id}
                type="password"
                value={kafka.saslPassword}
                onChange={(event) => editKafka({ saslPassword: event.currentTarget.value })}
                autoComplete="new-password"
                data-testid="settings-sasl-password"
              />
            )}
          </Field>
        </div>
      )}

      <h4>TLS</h4>
      <label className="check">
        <input
          type="checkbox"
          checked={kafka.tlsEnabled}
          onChange={(event) => editKafka({ tlsEnabled: event.currentTarget.checked })}
          data-testid="settings-tls-enabled"
        />
        Connect with TLS
      </label>
      {kafka.tlsEnabled && (
        <>
          <label className="check">
            <input
              type="checkbox"
              checked={kafka.tlsRejectUnauthorized}
              onChange={(event) => editKafka({ tlsRejectUnauthorized: event.currentTarget.checked })}
            />
            Verify the broker certificate
          </label>
          <Field
            label="Extra CA (PEM)"
            error={fieldError(errors, 'tls.ca')}
            hint="optional; trusted in addition to the system store"
          >
            {(id) => (
              <textarea
                id={id}
                rows={4}
                className="mono"
                value={kafka.tlsCa}
                onChange={(event) => editKafka({ tlsCa: event.currentTarget.value })}
                spellCheck={false}
                placeholder="-----BEGIN CERTIFICATE-----"
                data-testid="settings-tls-ca"
              />
            )}
          </Field>
        </>
      )}
      <div className="form-actions">
        <button type="button" onClick={() => editKafka(DEFAULT_KAFKA_FORM)}>
          Reset to defaults
        </button>
      </div>
    </section>
  );
}

function DemoSection() {
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

function ThresholdSection() {
  const thresholds = useSettingsStore((state) => state.thresholds);
  return (
    <section className="card settings-section" data-testid="settings-thresholds">
      <h3>Thresholds</h3>
      <p className="muted">Overview figures above these are highlighted.</p>
      <div className="form-grid">
        <NumberField
          label="Error rate (%)"
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

function NotificationSection() {
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

function AppearanceSection() {
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

function SaveSettings() {
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
          <AppearanceSection />
        </div>
      </div>
    </div>
  );
}
