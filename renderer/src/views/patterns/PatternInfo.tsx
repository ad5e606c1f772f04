/**
 * The selected pattern: its level mix and services, every alert of the engine's store that holds it
 * (`patterns:alerts`: rule alerts that matched it too, resolved ones too, not only the alerts the
 * window keeps), each opening the alert, and its logs: live, or stored in the history.
 */
import type { Alert, PatternAlerts, PatternDetail } from '../../../../core/contract';
import { LevelBadge } from '../../components/Badges';
import { formatCount } from '../../lib/format';
import { upsertAlerts, useAlertsStore } from '../../stores/alerts';
import { showHistoryOfTemplate } from '../../stores/history';
import { useUiStore } from '../../stores/ui';
import { selectAlert } from '../alerts/view-store';
import { showLogsOfTemplate } from '../Logs';

/** "error 3 · warn 5 · info 90": the level mix, most frequent first. */
export function levelMix(pattern: PatternDetail): string {
  return Object.entries(pattern.levels ?? {})
    .sort((a, b) => b[1] - a[1])
    .map(([level, count]) => `${level} ${formatCount(count)}`)
    .join(' · ');
}

/** Opens an alert in the Alerts view, keeping it in the window's store even if it had left it. */
function openAlert(alert: Alert): void {
  useAlertsStore.setState((state) => upsertAlerts(state, [alert]));
  selectAlert(alert.id);
  useUiStore.setState({ view: 'alerts' });
}

function PatternAlertList({ answer }: { answer: PatternAlerts | null }) {
  if (answer === null)
    return (
      <p className="muted" data-testid="pattern-alerts">
        Loading the alerts of this pattern…
      </p>
    );
  if (answer.total === 0)
    return (
      <p className="muted" data-testid="pattern-alerts">
        No alert holds this pattern.
      </p>
    );
  return (
    <>
      <p className="muted" data-testid="pattern-alerts">
        {answer.total === 1 ? '1 alert holds' : `${formatCount(answer.total)} alerts hold`} this pattern
        {answer.alerts.length < answer.total ? ` (latest ${answer.alerts.length} shown)` : ''}:
      </p>
      <ul className="pattern-alerts">
        {answer.alerts.map((alert) => {
          const held = alert.templates?.find((t) => t.value === answer.templateId)?.count;
          return (
            <li key={alert.id}>
              <button
                type="button"
                className="link"
                onClick={() => openAlert(alert)}
                data-testid="pattern-alert"
                data-alert-id={alert.id}
              >
                <LevelBadge level={alert.level} /> {alert.title}
              </button>{' '}
              <span className="muted">
                {alert.status} · {formatCount(alert.count)} events
                {held !== undefined && held !== alert.count ? `, ${formatCount(held)} of this pattern` : ''}
              </span>
            </li>
          );
        })}
      </ul>
    </>
  );
}

export function PatternInfo({
  templateId,
  pattern,
  alerts,
  missing,
  onClose,
}: {
  templateId: string;
  pattern: PatternDetail | null;
  alerts: PatternAlerts | null;
  missing: boolean;
  onClose: () => void;
}) {
  return (
    <section
      className="log-detail"
      data-testid="pattern-detail"
      data-template-id={templateId}
      aria-label="Pattern detail"
    >
      <header className="detail-head">
        <span className="mono">
          {pattern?.template ?? (missing ? 'This template is no longer counted by the engine' : '…')}
        </span>
        <button type="button" className="toast-close" aria-label="Close detail" onClick={onClose}>
          ×
        </button>
      </header>
      {pattern !== null && (
        <p className="muted">
          {formatCount(pattern.count)} logs · levels {levelMix(pattern) || '—'} · services{' '}
          {(pattern.services ?? []).map((s) => `${s.value} (${formatCount(s.count)})`).join(', ') || '—'}
        </p>
      )}
      {missing && (
        <p className="muted" data-testid="pattern-missing">
          Evicted, or seen by an earlier run: its stored logs may still be in the history.
        </p>
      )}
      <PatternAlertList answer={alerts} />
      <div className="log-detail-actions">
        <span className="muted mono">template {templateId}</span>
        <button type="button" className="link" onClick={() => showLogsOfTemplate(templateId)}>
          live logs
        </button>
        <button
          type="button"
          className="link"
          onClick={() => showHistoryOfTemplate(templateId)}
          data-testid="pattern-show-history"
        >
          stored logs
        </button>
      </div>
    </section>
  );
}
