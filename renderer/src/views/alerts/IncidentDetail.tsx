/**
 * The selected incident: what grouped it, its services and hosts, the actions on the whole incident
 * (they apply to every child alert), the per-minute chart, the timeline, the audit trail and its
 * alerts (each opens its own detail).
 */
import type { Alert, Incident } from '../../../../core/contract';
import { LevelBadge, StatusBadge } from '../../components/Badges';
import { effectiveStatus } from '../../lib/alert-feed';
import { formatAgo, formatCount, formatDateTime } from '../../lib/format';
import { useUiStore } from '../../stores/ui';
import { ActionBar } from './ActionBar';
import { IncidentVerdict } from './IncidentVerdict';
import { AuditTrail } from './AuditTrail';
import { actOnIncident } from './incident-actions';
import { IncidentTimeline } from './IncidentTimeline';
import { MinuteChart } from './MinuteChart';
import { selectAlert } from './view-store';

export function IncidentDetail({
  incident,
  alertsById,
  now,
  onClose,
}: {
  incident: Incident;
  alertsById: ReadonlyMap<string, Alert>;
  now: number;
  onClose: () => void;
}) {
  const theme = useUiStore((state) => state.theme);
  const status = effectiveStatus(incident, now);
  const children = incident.alertIds.flatMap((id) => {
    const alert = alertsById.get(id);
    return alert === undefined ? [] : [alert];
  });
  return (
    <aside
      className="detail"
      data-testid="incident-detail"
      data-incident-id={incident.id}
      aria-label="Incident detail"
    >
      <header className="detail-head">
        <div className="detail-badges">
          <LevelBadge level={incident.level} />
          <span className="badge trigger">{incident.trigger.replace('_', ' ')}</span>
          <StatusBadge status={status} />
          {incident.occurrence > 1 && (
            <span className="badge reopened" data-testid="incident-detail-reopened">
              reopened ×{incident.occurrence}
            </span>
          )}
        </div>
        <button type="button" className="toast-close" aria-label="Close detail" onClick={onClose}>
          ×
        </button>
      </header>
      <h3 className="detail-title">{incident.title}</h3>
      <ActionBar
        status={status}
        onAct={(request) => actOnIncident(incident.id, request)}
        testIdPrefix="incident"
      />
      <IncidentVerdict incident={incident} alerts={children} />

      <dl className="facts">
        <dt>Alerts</dt>
        <dd data-testid="incident-detail-alert-count">{formatCount(incident.alertCount)}</dd>
        <dt>Services</dt>
        <dd>
          {incident.services.length > 0 ? incident.services.join(', ') : <span className="muted">—</span>}
        </dd>
        <dt>Hosts</dt>
        <dd>{incident.hosts.length > 0 ? incident.hosts.join(', ') : <span className="muted">—</span>}</dd>
        <dt>Opened</dt>
        <dd>
          {formatDateTime(incident.firstSeen)}{' '}
          <span className="muted">({formatAgo(incident.firstSeen, now)})</span>
        </dd>
        <dt>Last seen</dt>
        <dd>
          {formatDateTime(incident.lastSeen)}{' '}
          <span className="muted">({formatAgo(incident.lastSeen, now)})</span>
        </dd>
        {incident.reopenedAt !== null && (
          <>
            <dt>Reopened</dt>
            <dd>{formatDateTime(incident.reopenedAt)}</dd>
          </>
        )}
        {status === 'snoozed' && incident.snoozedUntil !== null && (
          <>
            <dt>Snoozed until</dt>
            <dd>{formatDateTime(incident.snoozedUntil)}</dd>
          </>
        )}
        <dt>Grouped by</dt>
        <dd className="mono">{incident.groupKey}</dd>
      </dl>

      <MinuteChart points={incident.perMinute} theme={theme} />
      <IncidentTimeline
        incident={incident}
        alertTitle={(id) => alertsById.get(id)?.title ?? null}
        onSelectAlert={selectAlert}
      />
      <AuditTrail entries={incident.audit} now={now} />

      <section>
        <h4>Alerts ({incident.alertCount})</h4>
        <ul className="incident-children" data-testid="incident-children">
          {children.map((alert) => (
            <li key={alert.id}>
              <button
                type="button"
                className="link-button"
                onClick={() => selectAlert(alert.id)}
                data-testid="incident-child"
                data-alert-id={alert.id}
                data-status={alert.status}
              >
                <LevelBadge level={alert.level} /> {alert.title}
              </button>{' '}
              <StatusBadge status={effectiveStatus(alert, now)} />
            </li>
          ))}
        </ul>
        {children.length < incident.alertIds.length && (
          <p className="muted">
            {incident.alertIds.length - children.length} of its alerts are not held by this window.
          </p>
        )}
      </section>
    </aside>
  );
}
