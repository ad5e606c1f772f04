/**
 * Every alert, grouped (the Alerts view's second mode, beside incidents): a held-still virtual list
 * with the selected alert's detail. j/k move through alerts (group headers are skipped), Escape
 * closes the detail pane.
 */
import { useMemo, useState } from 'react';
import type { Alert } from '../../../../core/contract';
import { EmptyState } from '../../components/EmptyState';
import { VirtualList } from '../../components/VirtualList';
import { useListCommands } from '../../hooks/useListCommands';
import { buildAlertFeed } from '../../lib/alert-feed';
import { heldView, needsApply, type AppliedFeed } from '../../lib/held-feed';
import { stepSelection } from '../../lib/selection';
import { useUiStore } from '../../stores/ui';
import { AlertDetail } from '../AlertDetail';
import { AlertRow, GroupRow } from './AlertRow';
import { HeldBanner } from './HeldBanner';
import { selectAlert, useAlertViewStore } from './view-store';

const ROW_HEIGHT = 56;

export function AlertList({
  filtered,
  byId,
  loaded,
  now,
  onSearch,
}: {
  /** The alerts that pass the filter. */
  filtered: readonly Alert[];
  byId: ReadonlyMap<string, Alert>;
  loaded: boolean;
  now: number;
  onSearch: () => void;
}) {
  const filter = useAlertViewStore((state) => state.filter);
  const groupBy = useAlertViewStore((state) => state.groupBy);
  const selectedId = useUiStore((state) => state.selectedAlertId);

  const fresh = useMemo(() => buildAlertFeed(filtered, groupBy, now), [filtered, groupBy, now]);
  // Rows hold still: updates show in place, new alerts and re-sorting wait for "Show".
  const [applied, setApplied] = useState<AppliedFeed | null>(null);
  const basis = [filter, groupBy];
  if (needsApply(applied, basis) && (applied === null || applied.items !== fresh))
    setApplied({ items: fresh, basis });
  const held = useMemo(
    () => heldView(applied ?? { items: fresh, basis }, fresh, byId),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- basis is only read when nothing is applied yet
    [applied, fresh, byId],
  );
  const feed = held.items;
  const alertIndexes = useMemo(
    () => feed.flatMap((item, index) => (item.kind === 'alert' ? [index] : [])),
    [feed],
  );
  const selectedIndex = useMemo(
    () => feed.findIndex((item) => item.kind === 'alert' && item.alert.id === selectedId),
    [feed, selectedId],
  );
  const selected = selectedId !== null ? (byId.get(selectedId) ?? null) : null;

  useListCommands((command) => {
    if (command.kind === 'next' || command.kind === 'prev') {
      const position = alertIndexes.indexOf(selectedIndex);
      const next =
        alertIndexes[stepSelection(position, alertIndexes.length, command.kind === 'next' ? 1 : -1)];
      const item = next !== undefined ? feed[next] : undefined;
      if (item?.kind === 'alert') selectAlert(item.alert.id);
    } else if (command.kind === 'escape') {
      selectAlert(null);
    } else if (command.kind === 'search') {
      onSearch();
    }
  });

  return (
    <>
      {held.stale && (
        <HeldBanner
          newCount={held.newCount}
          noun={['alert', 'alerts']}
          onApply={() => setApplied({ items: fresh, basis })}
          testId="alert-apply-new"
        />
      )}
      <div className={`split${selected ? ' with-detail' : ''}`}>
        {!loaded && byId.size === 0 ? (
          <EmptyState title="Loading alerts…" tone="loading" />
        ) : feed.length === 0 ? (
          <EmptyState title={byId.size === 0 ? 'No alerts' : 'No alerts match the filters'}>
            {byId.size === 0
              ? 'Alerts appear here when the engine raises them.'
              : 'Change the level, trigger, service or status filter to see more.'}
          </EmptyState>
        ) : (
          <VirtualList
            items={feed}
            rowHeight={ROW_HEIGHT}
            getKey={(item) => (item.kind === 'group' ? `group:${item.key}` : item.alert.id)}
            renderRow={(item) =>
              item.kind === 'group' ? (
                <GroupRow item={item} />
              ) : (
                <AlertRow alert={item.alert} selected={item.alert.id === selectedId} now={now} />
              )
            }
            selectedKey={selectedId}
            ariaLabel="Alerts"
            testId="alert-list"
          />
        )}
        {selected !== null && <AlertDetail alert={selected} now={now} onClose={() => selectAlert(null)} />}
      </div>
    </>
  );
}
