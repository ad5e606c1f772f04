/**
 * Choosing a source and starting the engine. The essentials of each source are editable here; the
 * full Kafka form (group, SASL, TLS) lives in Settings and shares the same store.
 */
import { useState, type FormEvent } from 'react';
import { Field, fieldError } from '../components/Field';
import { KafkaTextField } from '../components/KafkaTextField';
import { buildStartRequest, type FieldError } from '../lib/start-request';
import { chooseSource, editDemo, useSettingsStore } from '../stores/settings';
import { applyStatus } from '../stores/status';
import { showView } from '../stores/ui';
import { runCommand } from '../transport/session';
import { StartRoleFields } from './StartRoleFields';

export function StartPanel({ onClose }: { onClose: () => void }) {
  const source = useSettingsStore((state) => state.source);
  const kafka = useSettingsStore((state) => state.kafka);
  const demo = useSettingsStore((state) => state.demo);
  const cluster = useSettingsStore((state) => state.cluster);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const built = buildStartRequest(source, kafka, demo, cluster);
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setErrors([]);
    setBusy(true);
    const status = await runCommand('engine:start', built.request);
    setBusy(false);
    if (status !== null) {
      applyStatus(status, null);
      onClose();
    }
  }

  // Errors about fields only Settings shows (group id, SASL, TLS) must still be visible here.
  const shownHere = new Set(['brokers', 'topics', 'topicPattern', 'rate', 'cluster']);
  const elsewhere = errors.filter((error) => !shownHere.has(error.field.split('.')[0] ?? ''));

  return (
    <form className="panel start-panel" data-testid="start-panel" onSubmit={(event) => void submit(event)}>
      <fieldset className="segmented" aria-label="Source">
        <label className={source === 'demo' ? 'active' : ''}>
          <input
            type="radio"
            name="source"
            value="demo"
            checked={source === 'demo'}
            onChange={() => chooseSource('demo')}
            data-testid="start-source-demo"
          />
          Demo replay
        </label>
        <label className={source === 'kafka' ? 'active' : ''}>
          <input
            type="radio"
            name="source"
            value="kafka"
            checked={source === 'kafka'}
            onChange={() => chooseSource('kafka')}
            data-testid="start-source-kafka"
          />
          Kafka
        </label>
      </fieldset>

      {source === 'demo' ? (
        <div className="form-row">
          <Field label="Logs per second" error={fieldError(errors, 'rate')}>
            {(id) => (
              <input
                id={id}
                type="number"
                min={1}
                step={1}
                value={Number.isFinite(demo.rate) ? demo.rate : ''}
                onChange={(event) => editDemo({ rate: event.currentTarget.valueAsNumber })}
                data-testid="start-demo-rate"
              />
            )}
          </Field>
          <label className="check">
            <input
              type="checkbox"
              checked={demo.incidents}
              onChange={(event) => editDemo({ incidents: event.currentTarget.checked })}
              data-testid="start-demo-incidents"
            />
            Mix in scripted incidents
          </label>
        </div>
      ) : (
        <>
          <StartRoleFields errors={errors} />
          <div className="form-row">
            <KafkaTextField
              name="brokers"
              label="Brokers"
              hint="host:port, comma-separated"
              errors={errors}
              testId="start-kafka-brokers"
            />
            {cluster.role === 'console' ? null : kafka.topicsMode === 'list' ? (
              <KafkaTextField
                name="topics"
                label="Topics"
                hint="comma-separated"
                errors={errors}
                testId="start-kafka-topics"
              />
            ) : (
              <KafkaTextField
                name="topicPattern"
                label="Topic pattern"
                hint="regular expression"
                errors={errors}
                testId="start-kafka-pattern"
              />
            )}
            <button type="button" className="link" onClick={() => showView('settings')}>
              Group, SASL and TLS in Settings
            </button>
          </div>
        </>
      )}

      {elsewhere.length > 0 && (
        <ul className="form-errors" role="alert">
          {elsewhere.map((error) => (
            <li key={error.field}>
              {error.field}: {error.message}
            </li>
          ))}
        </ul>
      )}

      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy} data-testid="start-submit">
          {busy ? 'Starting…' : `Start ${source === 'demo' ? 'demo' : 'Kafka'}`}
        </button>
        <button type="button" onClick={onClose} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
