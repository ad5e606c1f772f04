/** The selected alert: why it fired, its template and samples, and the actions on it. */
import { useState } from 'react';
import type { Alert, AlertAction } from '../../../core/contract';
import { LevelBadge, StatusBadge } from '../components/Badges';
import { RuleFacts } from '../components/RuleFacts';
import { SampleContext } from '../components/SampleContext';
import { VerdictButtons } from '../components/VerdictButtons';
import { effectiveStatus } from '../lib/alert-feed';
import { formatAgo, formatCount, formatDateTime } from '../lib/format';
import { upsertAlerts, useAlertsStore } from '../stores/alerts';
import { runCommand } from '../transport/session';

export const SNOOZE_CHOICES = [
  { label: '15m', ms: 15 * 60_000 },
  { label: '1h', ms: 60 * 60_000 },
  { label: '4h', ms: 4 * 60 * 60_000 },
] as const;

export async function actOnAlert(action: AlertAction): Promise<boolean> {
  const updated = await runCommand('alerts:act', action);
  if (updated === null) return false;
  useAlertsStore.setState((state) => upsertAlerts(state, [updated]));
  return true;
}

export function AlertDetail({ alert, now, onClose }: { alert: Alert; now: number; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  const status = effectiveStatus(alert, now);

  async function act(action: AlertAction) {
    setBusy(true);
    await actOnAlert(action);
    setBusy(false);
  }

  return (
    <aside className="detail" data-testid="alert-detail" data-alert-id={alert.id} aria-label="Alert detail">
      <header className="detail-head">
        <div className="detail-badges">
          <LevelBadge level={alert.level} />
          <span className="badge trigger">{alert.trigger.replace('_', ' ')}</span>
          <StatusBadge status={status} />
        </div>
        <button type="button" className="toast-close" aria-label="Close detail" onClick={onClose}>
          ×
        </button>
      </header>
      <h3 className="detail-title">{alert.title}</h3>
      <p className="detail-reason">{alert.reason}</p>
      {alert.rule != null && <RuleFacts rule={alert.rule} />}

      <div className="detail-actions">
        <button
          type="button"
          onClick={() => void act({ id: alert.id, action: 'ack' })}
          disabled={busy || alert.status !== 'open'}
          data-testid="alert-ack"
        >
          Acknowledge
        </button>
        <button
          type="button"
          onClick={() => void act({ id: alert.id, action: 'resolve' })}
          disabled={busy || alert.status === 'resolved'}
          data-testid="alert-resolve"
        >
          Resolve
        </button>
        <span className="snooze" role="group" aria-label="Snooze">
          Snooze
          {SNOOZE_CHOICES.map((choice) => (
            <button
              key={choice.label}
              type="button"
              onClick={() => void act({ id: alert.id, action: 'snooze', durationMs: choice.ms })}
              disabled={busy || alert.status === 'resolved'}
              data-testid={`alert-snooze-${choice.label}`}
            >
              {choice.label}
            </button>
          ))}
        </span>
        <VerdictButtons alert={alert} />
      </div>

      <dl className="facts">
        <dt>Count</dt>
        <dd data-testid="alert-detail-count">{formatCount(alert.count)}</dd>
        <dt>First seen</dt>
        <dd>
          {formatDateTime(alert.firstSeen)} <span className="muted">({formatAgo(alert.firstSeen, now)})</span>
        </dd>
        <dt>Last seen</dt>
        <dd>
          {formatDateTime(alert.lastSeen)} <span className="muted">({formatAgo(alert.lastSeen, now)})</span>
        </dd>
        {status === 'snoozed' && alert.snoozedUntil !== null && (
          <>
            <dt>Snoozed until</dt>
            <dd>{formatDateTime(alert.snoozedUntil)}</dd>
          </>
        )}
        <dt>Service</dt>
        <dd>{alert.service ?? <span className="muted">—</span>}</dd>
        <dt>Topic</dt>
        <dd>{alert.topic ?? <span className="muted">—</span>}</dd>
        <dt>Fingerprint</dt>
        <dd className="mono">{alert.fingerprint}</dd>
      </dl>

      {alert.template !== null && (
        <section>
          <h4>
            Template <span className="muted mono">{alert.templateId}</span>
          </h4>
          <pre className="code">{alert.template}</pre>
        </section>
      )}
      <section>
        <h4>Samples ({alert.samples.length})</h4>
        {alert.samples.length === 0 ? (
          <p className="muted">No samples kept.</p>
        ) : (
          alert.samples.map((sample, index) => (
            <div key={index}>
              <pre className="code" data-testid="alert-sample">
                {sample}
              </pre>
              <SampleContext alert={alert} index={index} />
            </div>
          ))
        )}
      </section>
    </aside>
  );
}
