/**
 * One incident in the list: level, title, child-alert count, services and hosts, age and status, a
 * check box for bulk actions and an expander that shows its alerts below it.
 */
import { memo } from 'react';
import type { Incident } from '../../../../core/contract';
import { LevelBadge, StatusBadge } from '../../components/Badges';
import { namesLine } from '../../lib/alert-fields';
import { formatAgo, formatCount, formatDuration } from '../../lib/format';
import { incidentStatus } from '../../lib/incident-feed';
import { selectIncident, toggleChecked, toggleExpanded } from './view-store';

export const IncidentRow = memo(function IncidentRow({
  incident,
  expanded,
  checked,
  selected,
  now,
}: {
  incident: Incident;
  expanded: boolean;
  checked: boolean;
  selected: boolean;
  now: number;
}) {
  const status = incidentStatus(incident, now);
  return (
    <div
      className={`alert-row incident-row level-edge-${incident.level}${selected ? ' selected' : ''}`}
      data-testid="incident-row"
      data-incident-id={incident.id}
      data-level={incident.level}
      data-status={status}
      aria-selected={selected}
      aria-expanded={expanded}
      onClick={() => selectIncident(incident.id)}
    >
      <div className="alert-row-main">
        <input
          type="checkbox"
          aria-label={`Select incident ${incident.title}`}
          checked={checked}
          onClick={(event) => event.stopPropagation()}
          onChange={() => toggleChecked(incident.id)}
          data-testid="incident-check"
        />
        <button
          type="button"
          className="expander"
          aria-label={expanded ? 'Hide its alerts' : 'Show its alerts'}
          onClick={(event) => {
            event.stopPropagation();
            toggleExpanded(incident.id);
          }}
          data-testid="incident-expand"
        >
          {expanded ? '▾' : '▸'}
        </button>
        <LevelBadge level={incident.level} />
        <span className="alert-row-title">{incident.title}</span>
        {incident.occurrence > 1 && (
          <span className="badge reopened" data-testid="incident-reopened">
            reopened ×{incident.occurrence}
          </span>
        )}
        <span className="alert-row-count" title="alerts in this incident" data-testid="incident-alert-count">
          {formatCount(incident.alertCount)} {incident.alertCount === 1 ? 'alert' : 'alerts'}
        </span>
      </div>
      <div className="alert-row-meta">
        <span>{incident.trigger.replace('_', ' ')}</span>
        {incident.services.length > 0 && (
          <span title={incident.services.join(', ')} data-testid="incident-services">
            {namesLine(incident.services)}
          </span>
        )}
        {incident.hosts.length > 0 && (
          <span title={incident.hosts.join(', ')} data-testid="incident-hosts">
            on {namesLine(incident.hosts)}
          </span>
        )}
        <span title={`opened ${formatAgo(incident.firstSeen, now)}`} data-testid="incident-age">
          age {formatDuration(Math.max(0, (now - incident.firstSeen) / 1000))}
        </span>
        <StatusBadge status={status} />
      </div>
    </div>
  );
});
