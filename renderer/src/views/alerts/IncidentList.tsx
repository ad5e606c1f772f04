/**
 * Incidents first: a held-still virtual list of incidents, each expandable to its alerts, with bulk
 * acknowledge/resolve of the checked ones and the selected incident's (or alert's) detail.
 * j/k move through incident and alert rows, Enter shows or hides the selected incident's alerts,
 * x checks it for a bulk action, Escape closes the detail pane.
 */
import { useMemo, useState } from 'react';
import type { Alert, Incident } from '../../../../core/contract';
import { EmptyState } from '../../components/EmptyState';
import { VirtualList } from '../../components/VirtualList';
import { useListCommands } from '../../hooks/useListCommands';
import { heldItems, needsApply, type AppliedFeed } from '../../lib/held-feed';
import {
  buildIncidentFeed,
  incidentAdapter,
  incidentFeedKey,
  type IncidentFeedItem,
} from '../../lib/incident-feed';
import { stepSelection } from '../../lib/selection';
import { useUiStore } from '../../stores/ui';
import { AlertDetail } from '../AlertDetail';
import { AlertRow } from './AlertRow';
import { BulkBar } from './BulkBar';
import { HeldBanner } from './HeldBanner';
import { IncidentDetail } from './IncidentDetail';
import { IncidentRow } from './IncidentRow';
import { selectAlert, selectIncident, toggleChecked, toggleExpanded, useAlertViewStore } from './view-store';

const ROW_HEIGHT = 56;

function MissingRow({ count }: { count: number }) {
  return (
    <div className="alert-row child-row muted" data-testid="incident-missing">
      {count} more {count === 1 ? 'alert' : 'alerts'} not held by this window
    </div>
  );
}

export function IncidentList({
  filtered,
  incidentsById,
  alertsById,
  loaded,
  now,
  onSearch,
}: {
  /** The incidents that pass the filter. */
  filtered: readonly Incident[];
  incidentsById: ReadonlyMap<string, Incident>;
  alertsById: ReadonlyMap<string, Alert>;
  loaded: boolean;
  now: number;
  onSearch: () => void;
}) {
  const filter = useAlertViewStore((state) => state.filter);
  const expanded = useAlertViewStore((state) => state.expanded);
  const checked = useAlertViewStore((state) => state.checked);
  const selectedIncidentId = useAlertViewStore((state) => state.selectedIncidentId);
  const selectedAlertId = useUiStore((state) => state.selectedAlertId);
  const selectedKey =
    selectedAlertId !== null
      ? `alert:${selectedAlertId}`
      : selectedIncidentId !== null
        ? `incident:${selectedIncidentId}`
        : null;

  const fresh = useMemo(
    () => buildIncidentFeed(filtered, expanded, alertsById),
    [filtered, expanded, alertsById],
  );
  // Rows hold still (held-feed.ts): updates show in place; new incidents, new child alerts and a
  // new order wait for "show". Filtering and expanding are the engineer's own acts: they apply.
  const [applied, setApplied] = useState<AppliedFeed<IncidentFeedItem> | null>(null);
  const basis = [filter, expanded];
  if (needsApply(applied, basis) && (applied === null || applied.items !== fresh))
    setApplied({ items: fresh, basis });
  const held = useMemo(
    () => heldItems(applied ?? { items: fresh, basis }, fresh, incidentAdapter(incidentsById, alertsById)),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- basis is only read when nothing is applied yet
    [applied, fresh, incidentsById, alertsById],
  );
  const feed = held.items;
  const rowIndexes = useMemo(
    () => feed.flatMap((item, index) => (item.kind === 'missing' ? [] : [index])),
    [feed],
  );
  const selectedIndex = useMemo(
    () => feed.findIndex((item) => incidentFeedKey(item) === selectedKey),
    [feed, selectedKey],
  );
  const shownIds = useMemo(
    () => feed.flatMap((item) => (item.kind === 'incident' ? [item.incident.id] : [])),
    [feed],
  );

  useListCommands((command) => {
    if (command.kind === 'next' || command.kind === 'prev') {
      const position = rowIndexes.indexOf(selectedIndex);
      const next = rowIndexes[stepSelection(position, rowIndexes.length, command.kind === 'next' ? 1 : -1)];
      const item = next !== undefined ? feed[next] : undefined;
      if (item?.kind === 'incident') selectIncident(item.incident.id);
      else if (item?.kind === 'alert') selectAlert(item.alert.id);
    } else if (command.kind === 'open') {
      if (selectedIncidentId !== null) toggleExpanded(selectedIncidentId);
    } else if (command.kind === 'select') {
      if (selectedIncidentId !== null) toggleChecked(selectedIncidentId);
    } else if (command.kind === 'escape') {
      selectAlert(null);
      selectIncident(null);
    } else if (command.kind === 'search') {
      onSearch();
    }
  });

  const selectedAlert = selectedAlertId !== null ? (alertsById.get(selectedAlertId) ?? null) : null;
  const selectedIncident =
    selectedAlert === null && selectedIncidentId !== null
      ? (incidentsById.get(selectedIncidentId) ?? null)
      : null;
  const withDetail = selectedAlert !== null || selectedIncident !== null;

  return (
    <>
      <div className="incident-toolbar">
        <BulkBar checked={checked} shownIds={shownIds} />
        {held.stale && (
          <HeldBanner
            newCount={held.newCount}
            noun={['row', 'rows']}
            onApply={() => setApplied({ items: fresh, basis })}
            testId="incident-apply-new"
          />
        )}
      </div>
      <div className={`split${withDetail ? ' with-detail' : ''}`}>
        {!loaded && incidentsById.size === 0 ? (
          <EmptyState title="Loading incidents…" tone="loading" />
        ) : feed.length === 0 ? (
          <EmptyState title={incidentsById.size === 0 ? 'No incidents' : 'No incidents match the filters'}>
            {incidentsById.size === 0
              ? 'Related alerts are grouped into incidents here as the engine raises them.'
              : 'Change the level, trigger, service or status filter to see more.'}
          </EmptyState>
        ) : (
          <VirtualList
            items={feed}
            rowHeight={ROW_HEIGHT}
            getKey={incidentFeedKey}
            renderRow={(item) =>
              item.kind === 'incident' ? (
                <IncidentRow
                  incident={item.incident}
                  expanded={item.expanded}
                  checked={checked.has(item.incident.id)}
                  selected={item.incident.id === selectedIncidentId}
                  now={now}
                />
              ) : item.kind === 'alert' ? (
                <AlertRow alert={item.alert} selected={item.alert.id === selectedAlertId} now={now} child />
              ) : (
                <MissingRow count={item.count} />
              )
            }
            selectedKey={selectedKey}
            ariaLabel="Incidents"
            testId="incident-list"
          />
        )}
        {selectedAlert !== null && (
          <AlertDetail alert={selectedAlert} now={now} onClose={() => selectAlert(null)} />
        )}
        {selectedIncident !== null && (
          <IncidentDetail
            incident={selectedIncident}
            alertsById={alertsById}
            now={now}
            onClose={() => selectIncident(null)}
          />
        )}
      </div>
    </>
  );
}
