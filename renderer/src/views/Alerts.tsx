/**
 * Alerts: a filterable, grouped feed (virtualized) with a detail pane for the selected alert.
 * j/k move through alerts (group headers are skipped), / focuses the service filter, Escape closes
 * the detail pane.
 */
import { memo, useMemo, useRef, useState } from 'react';
import { create } from 'zustand';
import { ALERT_LEVELS, ALERT_TRIGGERS } from '../../../core/contract';
import type { Alert, AlertLevel, AlertTrigger } from '../../../core/contract';
import { LevelBadge, StatusBadge } from '../components/Badges';
import { EmptyState } from '../components/EmptyState';
import { VirtualList } from '../components/VirtualList';
import { useListCommands } from '../hooks/useListCommands';
import { useNow } from '../hooks/useNow';
import { useThrottledStore } from '../hooks/useThrottledStore';
import {
  DEFAULT_ALERT_FILTER,
  EFFECTIVE_STATUSES,
  buildAlertFeed,
  effectiveStatus,
  filterAlerts,
  type AlertFeedItem,
  type AlertFilter,
  type GroupBy,
  type StatusFilter,
} from '../lib/alert-feed';
import { formatAgo, formatCount } from '../lib/format';
import { heldView, needsApply, type AppliedFeed } from '../lib/held-feed';
import { stepSelection } from '../lib/selection';
import { useAlertsStore, type AlertsState } from '../stores/alerts';
import { useUiStore } from '../stores/ui';
import { AlertDetail } from './AlertDetail';

const ROW_HEIGHT = 56;
const selectAlerts = (state: AlertsState) => state.byId;
const selectLoaded = (state: AlertsState) => state.loaded;

/** Filter and grouping survive switching views (a module store, not component state). */
const useAlertViewStore = create<{ filter: AlertFilter; groupBy: GroupBy }>(() => ({
  filter: DEFAULT_ALERT_FILTER,
  groupBy: 'level',
}));

function setFilter(patch: Partial<AlertFilter>): void {
  useAlertViewStore.setState((state) => ({ filter: { ...state.filter, ...patch } }));
}

function select(alertId: string | null): void {
  useUiStore.setState({ selectedAlertId: alertId });
}

const AlertRow = memo(function AlertRow({
  alert,
  selected,
  now,
}: {
  alert: Alert;
  selected: boolean;
  now: number;
}) {
  const status = effectiveStatus(alert, now);
  return (
    <div
      className={`alert-row level-edge-${alert.level}${selected ? ' selected' : ''}`}
      data-testid="alert-row"
      data-alert-id={alert.id}
      data-level={alert.level}
      data-status={alert.status}
      data-snoozed={status === 'snoozed'}
      aria-selected={selected}
      onClick={() => select(alert.id)}
    >
      <div className="alert-row-main">
        <LevelBadge level={alert.level} />
        <span className="alert-row-title">{alert.title}</span>
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

function GroupRow({ item }: { item: Extract<AlertFeedItem, { kind: 'group' }> }) {
  return (
    <div className={`group-row group-${item.key}`} data-testid="alert-group" data-group={item.key}>
      <span className="group-label">{item.label}</span>
      <span className="group-count">{item.count}</span>
    </div>
  );
}

function Filters({ services }: { services: string[] }) {
  const filter = useAlertViewStore((state) => state.filter);
  const groupBy = useAlertViewStore((state) => state.groupBy);
  const toggleLevel = (level: AlertLevel) =>
    setFilter({
      levels: filter.levels.includes(level)
        ? filter.levels.filter((l) => l !== level)
        : [...filter.levels, level],
    });
  return (
    <div className="filters" role="search">
      <span className="chips" role="group" aria-label="Levels">
        {ALERT_LEVELS.map((level) => (
          <button
            key={level}
            type="button"
            className={`chip level-chip-${level}${filter.levels.includes(level) ? ' on' : ''}`}
            aria-pressed={filter.levels.includes(level)}
            onClick={() => toggleLevel(level)}
            data-testid={`alert-filter-level-${level}`}
          >
            {level}
          </button>
        ))}
      </span>
      <select
        aria-label="Trigger"
        value={filter.trigger}
        onChange={(event) => setFilter({ trigger: event.currentTarget.value as AlertTrigger | 'all' })}
        data-testid="alert-filter-trigger"
      >
        <option value="all">all triggers</option>
        {ALERT_TRIGGERS.map((trigger) => (
          <option key={trigger} value={trigger}>
            {trigger.replace('_', ' ')}
          </option>
        ))}
      </select>
      <input
        aria-label="Service"
        placeholder="service…"
        list="alert-services"
        value={filter.service}
        onChange={(event) => setFilter({ service: event.currentTarget.value })}
        data-search="true"
        data-testid="alert-filter-service"
      />
      <datalist id="alert-services">
        {services.map((service) => (
          <option key={service} value={service} />
        ))}
      </datalist>
      <select
        aria-label="Status"
        value={filter.status}
        onChange={(event) => setFilter({ status: event.currentTarget.value as StatusFilter })}
        data-testid="alert-filter-status"
      >
        <option value="active">active</option>
        {EFFECTIVE_STATUSES.map((status) => (
          <option key={status} value={status}>
            {status}
          </option>
        ))}
        <option value="all">all statuses</option>
      </select>
      <label className="inline">
        group by
        <select
          value={groupBy}
          onChange={(event) => useAlertViewStore.setState({ groupBy: event.currentTarget.value as GroupBy })}
          data-testid="alert-group-by"
        >
          <option value="level">level</option>
          <option value="trigger">trigger</option>
          <option value="service">service</option>
          <option value="status">status</option>
          <option value="none">nothing</option>
        </select>
      </label>
    </div>
  );
}

export function Alerts() {
  const byId = useThrottledStore(useAlertsStore, selectAlerts, 300);
  const loaded = useThrottledStore(useAlertsStore, selectLoaded, 300);
  const filter = useAlertViewStore((state) => state.filter);
  const groupBy = useAlertViewStore((state) => state.groupBy);
  const selectedId = useUiStore((state) => state.selectedAlertId);
  const now = useNow(5_000);
  const listRef = useRef<HTMLDivElement>(null);

  const fresh = useMemo(
    () => buildAlertFeed(filterAlerts(byId.values(), filter, now), groupBy, now),
    [byId, filter, groupBy, now],
  );
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
  const services = useMemo(() => {
    const names = new Set<string>();
    for (const alert of byId.values()) if (alert.service !== null) names.add(alert.service);
    return [...names].sort().slice(0, 200);
  }, [byId]);
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
      if (item?.kind === 'alert') select(item.alert.id);
    } else if (command.kind === 'escape') {
      select(null);
    } else if (command.kind === 'search') {
      listRef.current?.querySelector<HTMLInputElement>('[data-search]')?.focus();
    }
  });

  const total = byId.size;
  return (
    <div className="view alerts" ref={listRef}>
      <header className="view-head">
        <h2>Alerts</h2>
        <span className="muted" data-testid="alert-count">
          {alertIndexes.length} shown · {total} kept
        </span>
      </header>
      <Filters services={services} />
      {held.stale && (
        <button
          type="button"
          className="held-banner"
          onClick={() => setApplied({ items: fresh, basis })}
          data-testid="alert-apply-new"
        >
          {held.newCount > 0
            ? `${formatCount(held.newCount)} new ${held.newCount === 1 ? 'alert' : 'alerts'} · show`
            : 'Order changed · re-sort'}
        </button>
      )}
      <div className={`split${selected ? ' with-detail' : ''}`}>
        {!loaded && total === 0 ? (
          <EmptyState title="Loading alerts…" tone="loading" />
        ) : feed.length === 0 ? (
          <EmptyState title={total === 0 ? 'No alerts' : 'No alerts match the filters'}>
            {total === 0
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
        {selected !== null && <AlertDetail alert={selected} now={now} onClose={() => select(null)} />}
      </div>
    </div>
  );
}
