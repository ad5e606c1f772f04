/**
 * The selected alert: why it fired now and at first, its occurrence (a visible "reopened" mark), its
 * template and samples (with the host and time of each when known), the actions on it and its audit
 * trail (who did what, when). Its patterns open the Patterns view (alerts/AlertPatterns.tsx).
 */
import type { Alert, AlertAction } from '../../../core/contract';
import { LevelBadge, StatusBadge } from '../components/Badges';
import { RuleFacts } from '../components/RuleFacts';
import { VerdictButtons } from '../components/VerdictButtons';
import { effectiveStatus } from '../lib/alert-feed';
import { formatAgo, formatCount, formatDateTime } from '../lib/format';
import { upsertAlerts, useAlertsStore } from '../stores/alerts';
import { runCommand } from '../transport/session';
import { ActionBar } from './alerts/ActionBar';
import { AlertLocationFacts } from './alerts/AlertLocation';
import { AlertPatterns } from './alerts/AlertPatterns';
import { AlertSamples } from './alerts/AlertSamples';
import { AuditTrail } from './alerts/AuditTrail';

export async function actOnAlert(action: AlertAction): Promise<boolean> {
  const updated = await runCommand('alerts:act', action);
  if (updated === null) return false;
  useAlertsStore.setState((state) => upsertAlerts(state, [updated]));
  return true;
}

export function AlertDetail({ alert, now, onClose }: { alert: Alert; now: number; onClose: () => void }) {
  const status = effectiveStatus(alert, now);
  const occurrence = alert.occurrence ?? 1;
  const firstReason = alert.firstReason ?? null;

  return (
    <aside className="detail" data-testid="alert-detail" data-alert-id={alert.id} aria-label="Alert detail">
      <header className="detail-head">
        <div className="detail-badges">
          <LevelBadge level={alert.level} />
          <span className="badge trigger">{alert.trigger.replace('_', ' ')}</span>
          <StatusBadge status={status} />
          {occurrence > 1 && (
            <span className="badge reopened" data-testid="alert-detail-reopened">
              reopened ×{occurrence}
            </span>
          )}
        </div>
        <button type="button" className="toast-close" aria-label="Close detail" onClick={onClose}>
          ×
        </button>
      </header>
      <h3 className="detail-title">{alert.title}</h3>
      <p className="detail-reason" data-testid="alert-detail-reason">
        {alert.reason}
      </p>
      {firstReason !== null && firstReason !== alert.reason && (
        <p className="detail-reason first-reason" data-testid="alert-detail-first-reason">
          <span className="muted">At first: </span>
          {firstReason}
        </p>
      )}
      {alert.rule != null && <RuleFacts rule={alert.rule} />}

      <ActionBar
        status={status}
        onAct={(request) => actOnAlert({ id: alert.id, ...request })}
        testIdPrefix="alert"
      />
      <VerdictButtons alert={alert} />

      <dl className="facts">
        <dt>Count</dt>
        <dd data-testid="alert-detail-count">{formatCount(alert.count)}</dd>
        <dt>Occurrence</dt>
        <dd data-testid="alert-detail-occurrence">
          {occurrence}
          {alert.reopenedAt != null && (
            <span className="muted"> (reopened {formatDateTime(alert.reopenedAt)})</span>
          )}
        </dd>
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
        <AlertLocationFacts alert={alert} />
        <dt>Topic</dt>
        <dd>{alert.topic ?? <span className="muted">—</span>}</dd>
        <dt>Fingerprint</dt>
        <dd className="mono">{alert.fingerprint}</dd>
      </dl>

      <AlertPatterns alert={alert} />
      <AlertSamples alert={alert} />
      <AuditTrail entries={alert.audit ?? []} now={now} />
    </aside>
  );
}
