/** One alert in a list (the alert feed, or under its expanded incident), and a group header. */
import { memo } from 'react';
import type { Alert } from '../../../../core/contract';
import { LevelBadge, StatusBadge } from '../../components/Badges';
import { effectiveStatus, type AlertFeedItem } from '../../lib/alert-feed';
import { formatAgo, formatCount } from '../../lib/format';
import { selectAlert } from './view-store';

export const AlertRow = memo(function AlertRow({
  alert,
  selected,
  now,
  child = false,
}: {
  alert: Alert;
  selected: boolean;
  now: number;
  /** Shown under its incident (indented). */
  child?: boolean;
}) {
  const status = effectiveStatus(alert, now);
  const occurrence = alert.occurrence ?? 1;
  const reopened = occurrence > 1;
  return (
    <div
      className={`alert-row level-edge-${alert.level}${selected ? ' selected' : ''}${child ? ' child-row' : ''}`}
      data-testid="alert-row"
      data-alert-id={alert.id}
      data-level={alert.level}
      data-status={alert.status}
      data-snoozed={status === 'snoozed'}
      aria-selected={selected}
      onClick={() => selectAlert(alert.id)}
    >
      <div className="alert-row-main">
        <LevelBadge level={alert.level} />
        <span className="alert-row-title">{alert.title}</span>
        {reopened && (
          <span className="badge reopened" title={`occurrence ${occurrence}`} data-testid="alert-reopened">
            reopened ×{occurrence}
          </span>
        )}
        <span className="alert-row-count" title="occurrences">
          ×{formatCount(alert.count)}
        </span>
      </div>
      <div className="alert-row-meta">
        <span>{alert.trigger.replace('_', ' ')}</span>
        {alert.service !== null && <span>{alert.service}</span>}
        <span>{formatAgo(alert.lastSeen, now)}</span>
        <StatusBadge status={status} />
      </div>
    </div>
  );
});

export function GroupRow({ item }: { item: Extract<AlertFeedItem, { kind: 'group' }> }) {
  return (
    <div className={`group-row group-${item.key}`} data-testid="alert-group" data-group={item.key}>
      <span className="group-label">{item.label}</span>
      <span className="group-count">{item.count}</span>
    </div>
  );
}
