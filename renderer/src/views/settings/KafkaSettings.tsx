/**
 * The Kafka connection form used by Start: brokers, topics or pattern, group, SASL and TLS. The SASL
 * password is write-only: kept in memory for the next start or save, never shown back.
 */
import { useMemo } from 'react';
import { Field, fieldError } from '../../components/Field';
import { KafkaTextField } from '../../components/KafkaTextField';
import { buildStartRequest } from '../../lib/start-request';
import { DEFAULT_KAFKA_FORM, editKafka, useSettingsStore, type SaslMechanism } from '../../stores/settings';

export function KafkaSection() {
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
        <KafkaTextField
          name="groupId"
          label="Consumer group"
          hint="Empty: this installation's own group, so everyone on a cluster sees every log; name a shared group only to split the partitions on purpose."
          errors={errors}
          testId="settings-group"
        />
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
