/**
 * Overview: health, start/stop, the live charts and the counters. Numbers refresh at most four
 * times a second; the charts redraw themselves (see TimeChart) without re-rendering this view.
 */
import { useState } from 'react';
import { ALERT_LEVELS, ALERT_TRIGGERS } from '../../../core/contract';
import type { EngineStatus } from '../../../core/contract';
import { EmptyState } from '../components/EmptyState';
import { HealthBanner } from '../components/HealthBanner';
import { TimeChart, type ChartSeries } from '../components/TimeChart';
import { useThrottledStore } from '../hooks/useThrottledStore';
import { formatBytes, formatCount, formatDuration, formatMs, formatPercent, formatRate } from '../lib/format';
import { useConnectionStore } from '../stores/connection';
import { useSettingsStore, type Thresholds } from '../stores/settings';
import { applyStatus, useStatusStore, type StatusState } from '../stores/status';
import { useUiStore } from '../stores/ui';
import { runCommand } from '../transport/session';
import { StartPanel } from './StartPanel';
import { FleetPanel } from './FleetPanel';

const selectStatus = (state: StatusState) => state.status;

// Module-level so that the charts (which rebuild when their series change) are built once.
const THROUGHPUT: ChartSeries[] = [{ label: 'logs/s', colorVar: '--chart-1', pick: (p) => p.logsPerSecond }];
const LATENCY: ChartSeries[] = [
  { label: 'analysis p50', colorVar: '--chart-3', pick: (p) => p.latencyP50 },
  { label: 'analysis p99', colorVar: '--chart-1', pick: (p) => p.latencyP99 },
  { label: 'decision p50', colorVar: '--chart-4', pick: (p) => p.decisionP50 },
  { label: 'decision p99', colorVar: '--chart-2', pick: (p) => p.decisionP99 },
];
const ERROR_RATE: ChartSeries[] = [{ label: 'error rate', colorVar: '--chart-2', pick: (p) => p.errorRate }];
const LAG: ChartSeries[] = [{ label: 'consumer lag', colorVar: '--chart-4', pick: (p) => p.consumerLag }];
const PLAIN = { scale: 1, suffix: '' };
const MS = { scale: 1, suffix: ' ms' };
const PERCENT = { scale: 100, suffix: '%' };

function Tile({
  label,
  value,
  detail,
  testId,
  warn = false,
}: {
  label: string;
  value: string;
  detail?: string;
  testId: string;
  warn?: boolean;
}) {
  return (
    <div className={`tile${warn ? ' tile-warn' : ''}`}>
      <div className="tile-label">{label}</div>
      <div className="tile-value" data-testid={testId}>
        {value}
      </div>
      {detail !== undefined && <div className="tile-detail">{detail}</div>}
    </div>
  );
}

/** Known keys first, in their natural order, then anything else the engine reports. */
function orderedEntries(record: Record<string, number>, known: readonly string[]): [string, number][] {
  const extra = Object.keys(record)
    .filter((key) => !known.includes(key))
    .sort();
  return [...known, ...extra].map((key) => [key, record[key] ?? 0]);
}

function Counts({
  title,
  entries,
  prefix,
  classPrefix,
}: {
  title: string;
  entries: [string, number][];
  prefix: string;
  classPrefix: string;
}) {
  return (
    <section className="card">
      <h3>{title}</h3>
      <ul className="counts">
        {entries.map(([key, count]) => (
          <li key={key} className={`${classPrefix}-${key}`}>
            <span className="counts-key">{key.replace('_', ' ')}</span>
            <span className="counts-value" data-testid={`${prefix}-${key}`}>
              {formatCount(count)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Stats({ status, thresholds }: { status: EngineStatus; thresholds: Thresholds }) {
  const { stats } = status;
  return (
    <>
      <div className="tiles">
        <Tile
          label="Logs/s"
          value={formatRate(stats.logsPerSecond)}
          detail={`1m avg ${formatRate(stats.logsPerSecond1m)}`}
          testId="stat-logs-per-second"
        />
        <Tile
          label="Processed"
          value={formatCount(stats.processed)}
          detail={`${formatCount(stats.errors)} errors`}
          testId="stat-processed"
        />
        <Tile
          label="Error logs"
          value={formatPercent(stats.errorLogRate)}
          detail="of the monitored logs, 1m"
          testId="stat-error-logs"
        />
        <Tile
          label="Processing errors"
          value={formatPercent(stats.errorRate)}
          detail="Vigil's own: failed or malformed"
          testId="stat-error-rate"
          warn={stats.errorRate * 100 > thresholds.errorRatePercent}
        />
        <Tile
          label="Decision p99"
          value={formatMs(stats.decisionLatencyMs.p99)}
          detail={`p50 ${formatMs(stats.decisionLatencyMs.p50)}`}
          testId="stat-decision-p99"
          warn={stats.decisionLatencyMs.p99 > thresholds.decisionLatencyP99Ms}
        />
        <Tile
          label="Analysis p99"
          value={formatMs(stats.latencyMs.p99)}
          detail={`p50 ${formatMs(stats.latencyMs.p50)}`}
          testId="stat-latency-p99"
        />
        <Tile
          label="Consumer lag"
          value={formatCount(stats.consumerLag)}
          detail={`${stats.lagByPartition.length} partitions`}
          testId="stat-consumer-lag"
          warn={stats.consumerLag > thresholds.consumerLag}
        />
        <Tile label="Uptime" value={formatDuration(stats.uptimeSeconds)} testId="stat-uptime" />
        <Tile
          label="Engine process"
          value={`${formatRate(stats.process.cpuPercent)}% CPU`}
          detail={`${formatBytes(stats.process.rssBytes)} RSS · loop p99 ${formatMs(stats.process.eventLoopDelayMs.p99)}`}
          testId="stat-process"
        />
      </div>
      <div className="cards">
        <Counts
          title="Alerts by level"
          entries={orderedEntries(stats.countsByLevel, ALERT_LEVELS)}
          prefix="count-level"
          classPrefix="level-edge"
        />
        <Counts
          title="Alerts by trigger"
          entries={orderedEntries(stats.countsByTrigger, ALERT_TRIGGERS)}
          prefix="count-trigger"
          classPrefix="trigger"
        />
        <section className="card">
          <h3>
            Data quality{' '}
            <span className="muted" data-testid="dq-total">
              {formatCount(stats.dataQuality.total)}
            </span>
          </h3>
          {Object.keys(stats.dataQuality.byKind).length === 0 ? (
            <p className="muted">No malformed or rejected input.</p>
          ) : (
            <ul className="counts">
              {orderedEntries(stats.dataQuality.byKind, []).map(([kind, count]) => (
                <li key={kind}>
                  <span className="counts-key">{kind.replaceAll('_', ' ')}</span>
                  <span className="counts-value" data-testid={`dq-kind-${kind}`}>
                    {formatCount(count)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}

export function Overview() {
  const status = useThrottledStore(useStatusStore, selectStatus, 250);
  const thresholds = useSettingsStore((state) => state.thresholds);
  const theme = useUiStore((state) => state.theme);
  const connected = useConnectionStore((state) => state.link.phase === 'open');
  const [starting, setStarting] = useState(false);
  const [stopping, setStopping] = useState(false);

  async function stop() {
    setStopping(true);
    const next = await runCommand('engine:stop', {});
    setStopping(false);
    if (next !== null) applyStatus(next, null);
  }

  const running = status?.running ?? false;
  return (
    <div className="view overview">
      <header className="view-head">
        <h2>Overview</h2>
        <div className="view-actions">
          {running ? (
            <button
              type="button"
              className="danger"
              onClick={() => void stop()}
              disabled={stopping || !connected}
              data-testid="stop-button"
            >
              {stopping ? 'Stopping…' : 'Stop engine'}
            </button>
          ) : (
            <button
              type="button"
              className="primary"
              onClick={() => setStarting((open) => !open)}
              disabled={!connected || status === null}
              aria-expanded={starting}
              data-testid="start-button"
            >
              Start…
            </button>
          )}
        </div>
      </header>

      <HealthBanner status={status} />
      <FleetPanel status={status} />
      {starting && !running && <StartPanel onClose={() => setStarting(false)} />}

      {status === null ? (
        <EmptyState
          title={connected ? 'Loading engine status…' : 'Not connected to the engine'}
          tone="loading"
        />
      ) : (
        <>
          <Stats status={status} thresholds={thresholds} />
          <div className="charts">
            <TimeChart
              title="Throughput (logs/s)"
              series={THROUGHPUT}
              format={formatRate}
              axisUnit={PLAIN}
              theme={theme}
              testId="chart-throughput"
            />
            <TimeChart
              title="Latency"
              series={LATENCY}
              format={formatMs}
              axisUnit={MS}
              theme={theme}
              testId="chart-latency"
            />
            <TimeChart
              title="Processing errors (Vigil's own)"
              series={ERROR_RATE}
              format={formatPercent}
              axisUnit={PERCENT}
              theme={theme}
              testId="chart-error-rate"
            />
            <TimeChart
              title="Consumer lag"
              series={LAG}
              format={formatCount}
              axisUnit={PLAIN}
              theme={theme}
              testId="chart-lag"
            />
          </div>
          {!running && status.stats.processed === 0 && (
            <EmptyState title="The engine is idle">
              Start it with the demo replay or a Kafka cluster to see live figures.
            </EmptyState>
          )}
        </>
      )}
    </div>
  );
}
