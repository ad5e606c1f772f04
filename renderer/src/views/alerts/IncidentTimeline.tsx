/** An incident's timeline: opened, each alert joining, escalations, actions and reopenings, oldest first. */
import type { Incident } from '../../../../core/contract';
import { formatClock } from '../../lib/format';
import { LevelBadge } from '../../components/Badges';

const KIND_LABELS: Record<Incident['timeline'][number]['kind'], string> = {
  opened: 'opened',
  joined: 'alert joined',
  escalated: 'escalated',
  acknowledged: 'acknowledged',
  snoozed: 'snoozed',
  resolved: 'resolved',
  reopened: 'reopened',
  note: 'note',
};

export function IncidentTimeline({
  incident,
  alertTitle,
  onSelectAlert,
}: {
  incident: Incident;
  /** The title of a child alert the window holds, else null. */
  alertTitle: (alertId: string) => string | null;
  onSelectAlert: (alertId: string) => void;
}) {
  return (
    <section data-testid="incident-timeline">
      <h4>Timeline ({incident.timeline.length})</h4>
      <ol className="timeline">
        {incident.timeline.map((entry, index) => {
          const title = entry.alertId !== null ? alertTitle(entry.alertId) : null;
          return (
            <li
              key={`${entry.at}-${index}`}
              className={`timeline-entry timeline-${entry.kind}`}
              data-testid="timeline-entry"
              data-kind={entry.kind}
            >
              <time className="muted mono">{formatClock(entry.at)}</time>
              <span className="timeline-kind">{KIND_LABELS[entry.kind]}</span>
              {entry.level !== null && <LevelBadge level={entry.level} />}
              {entry.alertId !== null && (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => onSelectAlert(entry.alertId!)}
                  title="Open this alert"
                >
                  {title ?? entry.alertId}
                </button>
              )}
              {entry.text !== null && entry.text.length > 0 && entry.text !== title && (
                <span className="timeline-text">{entry.text}</span>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
