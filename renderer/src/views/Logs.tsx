/**
 * Live logs: the sampled tail, newest first, virtualized (only visible rows exist in the DOM) and
 * refreshed at most five times a second. Pausing freezes the view while the buffer keeps filling.
 */
import { memo, useMemo, useRef, useState } from 'react';
import { create } from 'zustand';
import { CATEGORIES, LOG_LEVELS } from '../../../core/contract';
import type { Category, LogLevel } from '../../../core/contract';
import { LogLevelBadge } from '../components/Badges';
import { EmptyState } from '../components/EmptyState';
import { TimeTravelButton } from '../components/TimeTravel';
import { VirtualList } from '../components/VirtualList';
import { useListCommands } from '../hooks/useListCommands';
import { useThrottledStore } from '../hooks/useThrottledStore';
import { formatClock, formatCount, formatDateTime } from '../lib/format';
import {
  EMPTY_LOG_FILTER,
  distinctValues,
  filterLogs,
  isEmptyFilter,
  type LogFilter,
} from '../lib/log-filter';
import { indexOfKey, stepSelection } from '../lib/selection';
import {
  LOGS_CAP,
  arrivedWhilePaused,
  clearLogs,
  pauseLogs,
  resumeLogs,
  shownRows,
  useLogsStore,
  type LogRow,
  type LogsState,
} from '../stores/logs';
import { setLogsMode, useHistoryStore } from '../stores/history';
import { showView } from '../stores/ui';
import { LogsHistory } from './LogsHistory';
import { ChoiceSelect } from '../components/ChoiceSelect';

const ROW_HEIGHT = 24;
const selectLogs = (state: LogsState) => state;

const useLogFilterStore = create<{ filter: LogFilter }>(() => ({ filter: EMPTY_LOG_FILTER }));

function setFilter(patch: Partial<LogFilter>): void {
  useLogFilterStore.setState((state) => ({ filter: { ...state.filter, ...patch } }));
}

/** Opens the tail filtered to one template (from the Patterns view). */
export function showLogsOfTemplate(templateId: string): void {
  useLogFilterStore.setState({ filter: { ...EMPTY_LOG_FILTER, templateId } });
  setLogsMode('live');
  showView('logs');
}

/** Live tail or stored history: the two tabs of the Logs view. */
function LogsTabs({ mode }: { mode: 'live' | 'history' }) {
  return (
    <div className="view-actions" role="tablist" aria-label="Logs source">
      {(['live', 'history'] as const).map((tab) => (
        <button
          key={tab}
          type="button"
          role="tab"
          aria-selected={mode === tab}
          className={mode === tab ? 'primary' : ''}
          onClick={() => setLogsMode(tab)}
          data-testid={`logs-tab-${tab}`}
        >
          {tab === 'live' ? 'Live tail' : 'History'}
        </button>
      ))}
    </div>
  );
}

const LogRowView = memo(function LogRowView({
  row,
  selected,
  onSelect,
}: {
  row: LogRow;
  selected: boolean;
  onSelect: (seq: number) => void;
}) {
  return (
    <div
      className={`log-row sev-${row.severity}${selected ? ' selected' : ''}`}
      data-testid="log-row"
      data-level={row.level ?? ''}
      data-category={row.category}
      data-seq={row.seq}
      aria-selected={selected}
      onClick={() => onSelect(row.seq)}
    >
      <span className="log-time">{formatClock(row.time)}</span>
      <LogLevelBadge level={row.level} />
      <span className="log-topic" title={`${row.topic}[${row.partition}]@${row.offset}`}>
        {row.topic}
      </span>
      <span className="log-service">{row.service ?? '—'}</span>
      <span className="log-category">{row.category}</span>
      <span className="log-message">{row.message}</span>
    </div>
  );
});

function LogDetail({ row, onClose }: { row: LogRow; onClose: () => void }) {
  return (
    <section className="log-detail" data-testid="log-detail" aria-label="Log detail">
      <header className="detail-head">
        <span className="muted">
          {formatDateTime(row.time)} · {row.topic}[{row.partition}] @ {row.offset} · severity {row.severity} ·{' '}
          {row.category}
        </span>
        <button type="button" className="toast-close" aria-label="Close detail" onClick={onClose}>
          ×
        </button>
      </header>
      <p className="muted" data-testid="log-detail-understood">
        read as {row.format ?? 'unknown'}
        {row.producer ? ` (${row.producer})` : ''} · service {row.service ?? '—'} · host {row.host ?? '—'} ·
        level {row.level ?? '—'}
      </p>
      {row.error ? (
        <p className="mono" data-testid="log-detail-error">
          exception {[row.error.type, row.error.message].filter((part) => part !== null).join(': ') || '—'}
          {row.error.rootCause !== null ? ` · root cause ${row.error.rootCause}` : ''}
        </p>
      ) : null}
      <pre className="code">{row.message}</pre>
      <div className="log-detail-actions">
        <span className="muted mono">template {row.templateId}</span>
        <button type="button" className="link" onClick={() => setFilter({ templateId: row.templateId })}>
          show only this template
        </button>
      </div>
    </section>
  );
}

function Filters({ rows }: { rows: readonly LogRow[] }) {
  const filter = useLogFilterStore((state) => state.filter);
  // Topics are few; computing them from a 5,000-row buffer on each refresh is cheap enough.
  const topics = useMemo(() => distinctValues(rows, (row) => row.topic), [rows]);
  return (
    <div className="filters" role="search">
      <input
        type="search"
        aria-label="Search messages"
        placeholder="search messages…  ( / )"
        className="grow"
        value={filter.text}
        onChange={(event) => setFilter({ text: event.currentTarget.value })}
        data-search="true"
        data-testid="log-search"
      />
      <ChoiceSelect<LogLevel | 'unset' | 'all'>
        label="Level"
        value={filter.level}
        choices={[
          { value: 'all', label: 'all levels' },
          ...LOG_LEVELS,
          { value: 'unset', label: 'no level' },
        ]}
        onChange={(level) => setFilter({ level })}
        testId="log-filter-level"
      />
      <ChoiceSelect<Category | 'all'>
        label="Category"
        value={filter.category}
        choices={[{ value: 'all', label: 'all categories' }, ...CATEGORIES]}
        onChange={(category) => setFilter({ category })}
        testId="log-filter-category"
      />
      <ChoiceSelect
        label="Topic"
        value={filter.topic}
        // A topic chosen before it left the list stays offered, so the filter never shows blank.
        choices={[
          { value: '', label: 'all topics' },
          ...topics,
          ...(filter.topic !== '' && !topics.includes(filter.topic) ? [filter.topic] : []),
        ]}
        onChange={(topic) => setFilter({ topic })}
        testId="log-filter-topic"
      />
      <input
        aria-label="Service"
        placeholder="service…"
        value={filter.service}
        onChange={(event) => setFilter({ service: event.currentTarget.value })}
        data-testid="log-filter-service"
      />
      <input
        aria-label="Template id"
        placeholder="template id…"
        className="mono"
        value={filter.templateId}
        onChange={(event) => setFilter({ templateId: event.currentTarget.value.trim() })}
        data-testid="log-filter-template"
      />
      {!isEmptyFilter(filter) && (
        <button
          type="button"
          className="link"
          onClick={() => setFilter(EMPTY_LOG_FILTER)}
          data-testid="log-filter-clear"
        >
          clear filters
        </button>
      )}
    </div>
  );
}

export function Logs() {
  const mode = useHistoryStore((state) => state.mode);
  if (mode === 'history') {
    return (
      <div className="view logs">
        <header className="view-head">
          <h2>Stored logs</h2>
          <LogsTabs mode={mode} />
        </header>
        <LogsHistory />
      </div>
    );
  }
  return <LiveLogs />;
}

function LiveLogs() {
  const logs = useThrottledStore(useLogsStore, selectLogs, 200);
  const filter = useLogFilterStore((state) => state.filter);
  const [selectedSeq, setSelectedSeq] = useState<number | null>(null);
  const viewRef = useRef<HTMLDivElement>(null);

  const rows = shownRows(logs);
  const visible = useMemo(() => filterLogs(rows, filter), [rows, filter]);
  const selectedIndex = useMemo(
    () => indexOfKey(visible, (row) => row.seq, selectedSeq),
    [visible, selectedSeq],
  );
  const selected = selectedIndex >= 0 ? visible[selectedIndex]! : null;
  const newCount = arrivedWhilePaused(logs);

  useListCommands((command) => {
    if (command.kind === 'next' || command.kind === 'prev') {
      const next = visible[stepSelection(selectedIndex, visible.length, command.kind === 'next' ? 1 : -1)];
      if (next) setSelectedSeq(next.seq);
    } else if (command.kind === 'escape') {
      setSelectedSeq(null);
    } else if (command.kind === 'search') {
      viewRef.current?.querySelector<HTMLInputElement>('[data-search]')?.focus();
    }
  });

  const togglePause = () =>
    useLogsStore.setState((state) => (state.paused ? resumeLogs(state) : pauseLogs(state)));

  return (
    <div className="view logs" ref={viewRef}>
      <header className="view-head">
        <h2>Live logs</h2>
        <LogsTabs mode="live" />
        <span className="muted" data-testid="log-counts">
          {formatCount(visible.length)} shown · {formatCount(rows.length)} buffered (max{' '}
          {formatCount(LOGS_CAP)})
          {logs.notSampled > 0 && ` · ${formatCount(logs.notSampled)} not sampled into the tail`}
        </span>
        <div className="view-actions">
          <button
            type="button"
            className={logs.paused ? 'primary' : ''}
            onClick={togglePause}
            aria-pressed={logs.paused}
            data-testid="logs-pause"
          >
            {logs.paused ? `Resume${newCount > 0 ? ` (${formatCount(newCount)} new)` : ''}` : 'Pause'}
          </button>
          <button type="button" onClick={() => useLogsStore.setState(clearLogs)} data-testid="logs-clear">
            Clear
          </button>
          <TimeTravelButton />
        </div>
      </header>
      <Filters rows={rows} />
      {rows.length === 0 ? (
        <EmptyState title={logs.paused ? 'Paused with an empty buffer' : 'Waiting for logs…'}>
          The tail shows a sample of analyzed logs while the engine runs.
        </EmptyState>
      ) : visible.length === 0 ? (
        <EmptyState title="No logs match the filters" />
      ) : (
        <VirtualList
          items={visible}
          rowHeight={ROW_HEIGHT}
          getKey={(row) => row.seq}
          renderRow={(row) => (
            <LogRowView row={row} selected={row.seq === selectedSeq} onSelect={setSelectedSeq} />
          )}
          selectedKey={selectedSeq}
          ariaLabel="Live logs"
          testId="log-list"
          className="log-list"
        />
      )}
      {selected !== null && <LogDetail row={selected} onClose={() => setSelectedSeq(null)} />}
    </div>
  );
}
