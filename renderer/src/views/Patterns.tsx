/**
 * Patterns: the templates the engine mined, with counts, a trend sparkline and a "new" badge;
 * sortable by clicking a column, searchable with /. Enter on a row opens its logs in the tail.
 */
import { memo, useMemo, useRef, useState } from 'react';
import { create } from 'zustand';
import type { PatternSummary } from '../../../core/contract';
import { EmptyState } from '../components/EmptyState';
import { Sparkline } from '../components/Sparkline';
import { VirtualList } from '../components/VirtualList';
import { useListCommands } from '../hooks/useListCommands';
import { useNow } from '../hooks/useNow';
import { useThrottledStore } from '../hooks/useThrottledStore';
import { formatAgo, formatCount } from '../lib/format';
import {
  DEFAULT_PATTERN_SORT,
  nextSort,
  sortPatterns,
  type PatternSort,
  type PatternSortKey,
} from '../lib/pattern-table';
import { indexOfKey, stepSelection } from '../lib/selection';
import { usePatternsStore, type PatternsState } from '../stores/patterns';
import { showLogsOfTemplate } from './Logs';

const ROW_HEIGHT = 34;
const selectPatterns = (state: PatternsState) => state.byId;
const selectLoaded = (state: PatternsState) => state.loaded;

const usePatternViewStore = create<{ sort: PatternSort; search: string }>(() => ({
  sort: DEFAULT_PATTERN_SORT,
  search: '',
}));

const COLUMNS: { key: PatternSortKey; label: string; className: string }[] = [
  { key: 'template', label: 'Template', className: 'pat-template' },
  { key: 'count', label: 'Count', className: 'pat-count' },
  { key: 'recent', label: 'Trend', className: 'pat-trend' },
  { key: 'firstSeen', label: 'First seen', className: 'pat-first' },
  { key: 'lastSeen', label: 'Last seen', className: 'pat-last' },
];

const PatternRow = memo(function PatternRow({
  pattern,
  selected,
  now,
  onSelect,
}: {
  pattern: PatternSummary;
  selected: boolean;
  now: number;
  onSelect: (templateId: string) => void;
}) {
  return (
    <div
      className={`pattern-row${selected ? ' selected' : ''}`}
      data-testid="pattern-row"
      data-template-id={pattern.templateId}
      data-new={pattern.isNew}
      aria-selected={selected}
      onClick={() => onSelect(pattern.templateId)}
      onDoubleClick={() => showLogsOfTemplate(pattern.templateId)}
    >
      <span className="pat-template" title={pattern.template}>
        {pattern.isNew && <span className="badge new">new</span>}
        <span className="mono">{pattern.template}</span>
      </span>
      <span className="pat-count">{formatCount(pattern.count)}</span>
      <span className="pat-trend">
        <Sparkline values={pattern.trend} label={`trend of ${pattern.templateId}`} />
      </span>
      <span className="pat-first">{formatAgo(pattern.firstSeen, now)}</span>
      <span className="pat-last">{formatAgo(pattern.lastSeen, now)}</span>
    </div>
  );
});

export function Patterns() {
  const byId = useThrottledStore(usePatternsStore, selectPatterns, 500);
  const loaded = useThrottledStore(usePatternsStore, selectLoaded, 500);
  const sort = usePatternViewStore((state) => state.sort);
  const search = usePatternViewStore((state) => state.search);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const now = useNow(5_000);
  const viewRef = useRef<HTMLDivElement>(null);

  const rows = useMemo(() => sortPatterns(byId.values(), sort, search), [byId, sort, search]);
  const selectedIndex = useMemo(
    () => indexOfKey(rows, (row) => row.templateId, selectedId),
    [rows, selectedId],
  );

  useListCommands((command) => {
    if (command.kind === 'next' || command.kind === 'prev') {
      const next = rows[stepSelection(selectedIndex, rows.length, command.kind === 'next' ? 1 : -1)];
      if (next) setSelectedId(next.templateId);
    } else if (command.kind === 'open' && selectedId !== null) {
      showLogsOfTemplate(selectedId);
    } else if (command.kind === 'escape') {
      setSelectedId(null);
    } else if (command.kind === 'search') {
      viewRef.current?.querySelector<HTMLInputElement>('[data-search]')?.focus();
    }
  });

  const newCount = useMemo(() => rows.filter((row) => row.isNew).length, [rows]);

  return (
    <div className="view patterns" ref={viewRef}>
      <header className="view-head">
        <h2>Patterns</h2>
        <span className="muted" data-testid="pattern-count">
          {formatCount(rows.length)} templates{newCount > 0 ? ` · ${newCount} new` : ''}
        </span>
        <div className="view-actions">
          <input
            type="search"
            aria-label="Search templates"
            placeholder="search templates…  ( / )"
            value={search}
            onChange={(event) => usePatternViewStore.setState({ search: event.currentTarget.value })}
            data-search="true"
            data-testid="pattern-search"
          />
          <button
            type="button"
            disabled={selectedId === null}
            onClick={() => selectedId !== null && showLogsOfTemplate(selectedId)}
            data-testid="pattern-show-logs"
          >
            Show logs
          </button>
        </div>
      </header>
      <div className="pattern-head" role="row">
        {COLUMNS.map((column) => (
          <button
            key={column.key}
            type="button"
            className={`${column.className} sort${sort.key === column.key ? ' sorted' : ''}`}
            aria-sort={sort.key === column.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}
            onClick={() => usePatternViewStore.setState({ sort: nextSort(sort, column.key) })}
            data-testid={`pattern-sort-${column.key}`}
          >
            {column.label}
            {sort.key === column.key ? (sort.descending ? ' ↓' : ' ↑') : ''}
          </button>
        ))}
      </div>
      {!loaded && byId.size === 0 ? (
        <EmptyState title="Loading patterns…" tone="loading" />
      ) : rows.length === 0 ? (
        <EmptyState title={byId.size === 0 ? 'No patterns yet' : 'No template matches the search'}>
          {byId.size === 0 ? 'Templates appear as the engine mines them from incoming logs.' : undefined}
        </EmptyState>
      ) : (
        <VirtualList
          items={rows}
          rowHeight={ROW_HEIGHT}
          getKey={(row) => row.templateId}
          renderRow={(row) => (
            <PatternRow
              pattern={row}
              selected={row.templateId === selectedId}
              now={now}
              onSelect={setSelectedId}
            />
          )}
          selectedKey={selectedId}
          ariaLabel="Patterns"
          testId="pattern-list"
        />
      )}
    </div>
  );
}
