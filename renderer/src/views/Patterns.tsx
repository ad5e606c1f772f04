/**
 * Patterns: every template the engine mined (paged from `patterns:list`, searched by text and
 * service on the engine's side), with counts, a trend sparkline, a "new" badge, the level mix and
 * the services; the rows of a page sort by clicking a column. The selected pattern (stores/
 * pattern-focus.ts: an alert can open it, whatever page it is on) shows every alert that holds it and
 * opens its live logs or its stored history (with the per-minute histogram). Enter opens the tail.
 */
import { memo, useEffect, useMemo, useRef } from 'react';
import { create } from 'zustand';
import type { PatternDetail } from '../../../core/contract';
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
import {
  PATTERN_PAGE_SIZE,
  loadPatternPage,
  setPatternFilters,
  turnPatternPage,
  usePatternPageStore,
} from '../stores/pattern-page';
import { loadPatternFocus, selectPattern, usePatternFocusStore } from '../stores/pattern-focus';
import { usePatternsStore, type PatternsState } from '../stores/patterns';
import { useStatusStore } from '../stores/status';
import { showLogsOfTemplate } from './Logs';
import { PatternInfo, levelMix } from './patterns/PatternInfo';

const ROW_HEIGHT = 34;
const selectPatterns = (state: PatternsState) => state.byId;
const selectLoaded = (state: PatternsState) => state.loaded;

const usePatternViewStore = create<{ sort: PatternSort }>(() => ({ sort: DEFAULT_PATTERN_SORT }));
const REFRESH_MS = 5_000;

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
  pattern: PatternDetail;
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
        {pattern.levels !== undefined && (
          <span className="muted pat-mix" title="levels · services">
            {' '}
            {levelMix(pattern)}
            {(pattern.services ?? []).length > 0
              ? ` · ${(pattern.services ?? []).map((s) => s.value).join(', ')}`
              : ''}
          </span>
        )}
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
  const { text, service, offset, page } = usePatternPageStore();
  const focus = usePatternFocusStore();
  const selectedId = focus.selectedId;
  // Issue 19: with `workers` above 1 each engine thread mines its own templates (docs/scaling.md).
  const workers = useStatusStore((state) => state.status?.workers ?? 1);
  const setSelectedId = selectPattern;
  const now = useNow(5_000);
  const viewRef = useRef<HTMLDivElement>(null);

  // The page follows the filters (after a short pause in typing) and refreshes while shown.
  useEffect(() => {
    const first = setTimeout(() => void loadPatternPage(), 250);
    const timer = setInterval(() => {
      void loadPatternPage();
      void loadPatternFocus();
    }, REFRESH_MS);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [text, service, offset]);

  // The engine's page when it has answered; the event stream's top templates until then.
  const rows = useMemo(
    () => sortPatterns(page?.patterns ?? byId.values(), sort, page ? '' : text),
    [page, byId, sort, text],
  );
  const total = page?.total ?? rows.length;
  // The row of the page shown, else the pattern as the engine answered it by id.
  const selected =
    rows.find((row) => row.templateId === selectedId) ??
    (focus.pattern?.templateId === selectedId ? focus.pattern : null);
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
          {formatCount(total)} templates{newCount > 0 ? ` · ${newCount} new` : ''}
          {total > PATTERN_PAGE_SIZE &&
            ` · ${formatCount(offset + 1)}–${formatCount(Math.min(total, offset + PATTERN_PAGE_SIZE))} shown`}
        </span>
        {workers > 1 && (
          <span
            className="muted"
            data-testid="pattern-threads-note"
            title="Each engine thread mines its own templates; see docs/scaling.md"
          >
            {` · the templates of engine thread 1 of ${workers}`}
          </span>
        )}
        <div className="view-actions">
          <input
            type="search"
            aria-label="Search templates"
            placeholder="search templates…  ( / )"
            value={text}
            onChange={(event) => setPatternFilters({ text: event.currentTarget.value })}
            data-search="true"
            data-testid="pattern-search"
          />
          <input
            aria-label="Service"
            placeholder="service…"
            value={service}
            onChange={(event) => setPatternFilters({ service: event.currentTarget.value })}
            data-testid="pattern-service"
          />
          <button
            type="button"
            disabled={offset === 0}
            onClick={() => turnPatternPage(-1)}
            data-testid="pattern-prev"
          >
            ‹ Prev
          </button>
          <button
            type="button"
            disabled={offset + PATTERN_PAGE_SIZE >= total}
            onClick={() => turnPatternPage(1)}
            data-testid="pattern-next"
          >
            Next ›
          </button>
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
      {!loaded && byId.size === 0 && page === null ? (
        <EmptyState title="Loading patterns…" tone="loading" />
      ) : rows.length === 0 ? (
        <EmptyState
          title={
            total === 0 && text === '' && service === ''
              ? 'No patterns yet'
              : 'No template matches the search'
          }
        >
          {total === 0 && text === '' && service === ''
            ? 'Templates appear as the engine mines them from incoming logs.'
            : undefined}
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
      {selectedId !== null && (
        <PatternInfo
          templateId={selectedId}
          pattern={selected}
          alerts={focus.alerts}
          missing={focus.missing}
          onClose={() => setSelectedId(null)}
        />
      )}
    </div>
  );
}
