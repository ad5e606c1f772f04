/**
 * The Logs view's history tab: searches the stored logs (`logs:query`) beyond the live tail by time
 * range, service, host, level, template and text, with the per-minute histogram of the same search
 * (`logs:histogram`). The search is kept in local storage (stores/history.ts): it survives a reload.
 */
import { useEffect, useState } from 'react';
import { LOG_LEVELS, type HistoryLog, type LogLevel } from '../../../core/contract';
import { LogLevelBadge } from '../components/Badges';
import { EmptyState } from '../components/EmptyState';
import { HistogramChart } from '../components/HistogramChart';
import { VirtualList } from '../components/VirtualList';
import { formatCount, formatDateTime } from '../lib/format';
import { HISTORY_RANGES, type HistoryRange } from '../lib/history-search';
import { runHistorySearch, setHistorySearch, useHistoryStore } from '../stores/history';
import { useUiStore } from '../stores/ui';
import { ChoiceSelect } from '../components/ChoiceSelect';

const ROW_HEIGHT = 24;

function HistoryRow({
  log,
  selected,
  onSelect,
}: {
  log: HistoryLog;
  selected: boolean;
  onSelect: () => void;
}) {
  return (
    <div
      className={`log-row sev-${log.severity}${selected ? ' selected' : ''}`}
      data-testid="history-row"
      data-template-id={log.templateId}
      aria-selected={selected}
      onClick={onSelect}
    >
      <span className="log-time" title={formatDateTime(log.time)}>
        {formatDateTime(log.time)}
      </span>
      <LogLevelBadge level={log.level} />
      <span className="log-topic" title={`${log.topic}[${log.partition}]@${log.offset}`}>
        {log.host ?? '—'}
      </span>
      <span className="log-service">{log.service ?? '—'}</span>
      <span className="log-category">{log.alertId !== null ? 'alert' : log.category}</span>
      <span className="log-message">{log.message}</span>
    </div>
  );
}

function SearchBar() {
  const search = useHistoryStore((state) => state.search);
  const loading = useHistoryStore((state) => state.loading);
  return (
    <form
      className="filters"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        void runHistorySearch();
      }}
    >
      <ChoiceSelect<HistoryRange>
        label="Time range"
        value={search.range}
        choices={(Object.keys(HISTORY_RANGES) as HistoryRange[]).map((range) => ({
          value: range,
          label: range === 'all' ? 'all stored' : `last ${range}`,
        }))}
        onChange={(range) => setHistorySearch({ range })}
        testId="history-range"
      />
      <input
        type="search"
        aria-label="Search stored messages"
        placeholder="text in the message…"
        className="grow"
        value={search.text}
        onChange={(event) => setHistorySearch({ text: event.currentTarget.value })}
        data-search="true"
        data-testid="history-text"
      />
      <input
        aria-label="Service"
        placeholder="service…"
        value={search.service}
        onChange={(event) => setHistorySearch({ service: event.currentTarget.value })}
        data-testid="history-service"
      />
      <input
        aria-label="Host"
        placeholder="host…"
        value={search.host}
        onChange={(event) => setHistorySearch({ host: event.currentTarget.value })}
        data-testid="history-host"
      />
      <ChoiceSelect<LogLevel | ''>
        label="Level"
        value={search.level}
        choices={[{ value: '', label: 'all levels' }, ...LOG_LEVELS]}
        onChange={(level) => setHistorySearch({ level })}
        testId="history-level"
      />
      <input
        aria-label="Template id"
        placeholder="template id…"
        className="mono"
        value={search.template}
        onChange={(event) => setHistorySearch({ template: event.currentTarget.value.trim() })}
        data-testid="history-template"
      />
      <button type="submit" className="primary" disabled={loading} data-testid="history-search">
        {loading ? 'Searching…' : 'Search'}
      </button>
    </form>
  );
}

export function LogsHistory() {
  const result = useHistoryStore((state) => state.result);
  const histogram = useHistoryStore((state) => state.histogram);
  const askedAt = useHistoryStore((state) => state.askedAt);
  const range = useHistoryStore((state) => state.search.range);
  const theme = useUiStore((state) => state.theme);
  const [selected, setSelected] = useState<string | null>(null);

  // A reload shows the kept search's answer without another click.
  useEffect(() => {
    if (useHistoryStore.getState().askedAt === null) void runHistorySearch();
  }, []);

  const key = (log: HistoryLog) => `${log.topic}:${log.partition}:${log.offset}:${log.time}`;
  const detail = result?.logs.find((log) => key(log) === selected) ?? null;

  return (
    <>
      <SearchBar />
      {result !== null && (
        <p className="muted" data-testid="history-counts">
          {formatCount(result.total)} stored logs match
          {result.total > result.logs.length ? ` · newest ${formatCount(result.logs.length)} shown` : ''}
        </p>
      )}
      {histogram !== null && askedAt !== null && histogram.total > 0 && (
        <HistogramChart
          histogram={histogram}
          from={range === 'all' ? histogram.minutes[0]! : askedAt - HISTORY_RANGES[range]}
          to={range === 'all' ? histogram.minutes[histogram.minutes.length - 1]! : askedAt}
          theme={theme}
        />
      )}
      {result === null ? (
        <EmptyState title="Search the stored logs">
          The history keeps the analyzed logs of the last hours on disk (Settings). Set a range and filters,
          then Search.
        </EmptyState>
      ) : result.logs.length === 0 ? (
        <EmptyState title="No stored logs match the search" />
      ) : (
        <VirtualList
          items={result.logs}
          rowHeight={ROW_HEIGHT}
          getKey={key}
          renderRow={(log) => (
            <HistoryRow log={log} selected={key(log) === selected} onSelect={() => setSelected(key(log))} />
          )}
          selectedKey={selected}
          ariaLabel="Stored logs"
          testId="history-list"
          className="log-list"
        />
      )}
      {detail !== null && (
        <section className="log-detail" data-testid="history-detail" aria-label="Stored log detail">
          <p className="muted">
            {formatDateTime(detail.time)} · {detail.topic}[{detail.partition}] @ {detail.offset} · host{' '}
            {detail.host ?? '—'} · service {detail.service ?? '—'} · template {detail.templateId}
            {detail.alertId !== null ? ` · alert ${detail.alertId}` : ''}
          </p>
          <pre className="code">{detail.message}</pre>
        </section>
      )}
    </>
  );
}
