/** Who did what and when, on an incident or an alert: the engine records the actor, never the window. */
import type { AuditEntry } from '../../../../core/contract';
import { formatAgo, formatDateTime } from '../../lib/format';

export function AuditTrail({ entries, now }: { entries: readonly AuditEntry[]; now: number }) {
  return (
    <section data-testid="audit-trail">
      <h4>Audit trail ({entries.length})</h4>
      {entries.length === 0 ? (
        <p className="muted">No actions yet.</p>
      ) : (
        <ol className="audit-list">
          {entries
            .slice()
            .reverse()
            .map((entry, index) => (
              <li
                key={`${entry.at}-${index}`}
                className="audit-entry"
                data-testid="audit-entry"
                data-action={entry.action}
              >
                <span className={`audit-action audit-${entry.action}`}>{entry.action}</span>
                <span className="audit-who" data-testid="audit-who">
                  {entry.who}
                </span>
                <time
                  className="muted"
                  dateTime={new Date(entry.at).toISOString()}
                  title={formatAgo(entry.at, now)}
                  data-testid="audit-when"
                >
                  {formatDateTime(entry.at)}
                </time>
                {entry.text !== null && entry.text.length > 0 && (
                  <p className="audit-text" data-testid="audit-text">
                    {entry.text}
                  </p>
                )}
              </li>
            ))}
        </ol>
      )}
    </section>
  );
}
