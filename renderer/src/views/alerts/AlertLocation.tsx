/**
 * Where an alert happened, when its engine says so: the main host, the hosts, services and topics of
 * its evidence with their counts, and the fields that formed its grouping key. Alerts from engines
 * or journals that predate these fields show only the service and topic they always had.
 */
import type { Alert } from '../../../../core/contract';
import { countedLine, locationOf } from '../../lib/alert-fields';

/** Rows for the detail pane's facts list. */
export function AlertLocationFacts({ alert }: { alert: Alert }) {
  const where = locationOf(alert);
  const rows: Array<[string, string, string]> = [];
  if (where.host != null) rows.push(['Host', where.host, 'alert-detail-host']);
  if (where.hosts !== undefined && where.hosts.length > 0)
    rows.push(['Hosts', countedLine(where.hosts), 'alert-detail-hosts']);
  if (where.services !== undefined && where.services.length > 0)
    rows.push(['Services', countedLine(where.services), 'alert-detail-services']);
  if (where.topics !== undefined && where.topics.length > 0)
    rows.push(['Topics', countedLine(where.topics), 'alert-detail-topics']);
  if (where.groupBy !== undefined && where.groupBy.length > 0)
    rows.push(['Grouped by', where.groupBy.join(' + '), 'alert-detail-group-by']);
  return (
    <>
      {rows.map(([label, value, testId]) => (
        <div key={label} className="facts-pair">
          <dt>{label}</dt>
          <dd data-testid={testId}>{value}</dd>
        </div>
      ))}
    </>
  );
}
