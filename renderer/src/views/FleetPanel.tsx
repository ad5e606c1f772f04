/**
 * Issue 19: the Overview's fleet (docs/scaling.md) when the engine runs as an analyzer or a
 * console: every analyzer of the cluster from its stats topic, with its partitions, rate, lag,
 * health and state. Stale and gone analyzers stay listed, marked, with why; partitions that no live
 * analyzer owns are named above the table.
 */
import type { EngineStatus, FleetMember, TopicPartition } from '../../../core/contract';
import { useFleetStatus } from '../hooks/useFleetStatus';
import { formatCount, formatRate } from '../lib/format';
import '../styles/fleet.css';

function partitionsText(logs: readonly TopicPartition[], fold: readonly number[]): string {
  const byTopic = new Map<string, number[]>();
  for (const p of logs) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
  const parts = [...byTopic].map(([topic, list]) => `${topic} ${list.join(',')}`);
  if (fold.length > 0) parts.push(`fold ${fold.join(',')}`);
  return parts.length > 0 ? parts.join(' · ') : 'none';
}

function Row({ member }: { member: FleetMember }) {
  const { stats, state, note } = member;
  const id = stats.analyzerId;
  return (
    <tr className={`fleet-row fleet-${state}`} data-testid={`fleet-row-${id}`} title={note ?? undefined}>
      <td>
        <span className="fleet-id">{id}</span> <span className="muted">pid {stats.pid}</span>
        {(stats.workers ?? 1) > 1 && <span className="muted"> · {stats.workers} workers</span>}
      </td>
      <td>{stats.host}</td>
      <td data-testid={`fleet-partitions-${id}`}>
        {partitionsText(stats.partitions.logs, stats.partitions.fold)}
      </td>
      <td className="num">{formatRate(stats.logsPerSecond)}</td>
      <td className="num">{formatCount(stats.consumerLag)}</td>
      <td className="num">
        {stats.cpuMicrosPerLog === null ? '–' : `${stats.cpuMicrosPerLog.toFixed(1)} µs`}
      </td>
      <td className={`fleet-health-${stats.health}`}>{stats.health}</td>
      <td>
        <span className={`badge fleet-state-${state}`} data-testid={`fleet-state-${id}`}>
          {state}
        </span>
        {note !== null && <div className="fleet-note">{note}</div>}
      </td>
    </tr>
  );
}

export function FleetPanel({ status }: { status: EngineStatus | null }) {
  const role = status?.running === true ? status.cluster?.role : undefined;
  const { fleet, failed } = useFleetStatus(role !== undefined);
  if (role === undefined) return null;
  if (fleet === null || fleet.role === 'standalone')
    return (
      <section className="card fleet" data-testid="fleet-panel">
        <h3>Fleet</h3>
        <p className="muted">
          {failed ? 'The fleet status could not be read.' : 'Reading the cluster’s stats…'}
        </p>
      </section>
    );
  const { totals } = fleet;
  return (
    <section className="card fleet" data-testid="fleet-panel">
      <h3>
        Fleet of {fleet.cluster}{' '}
        <span className="muted" data-testid="fleet-totals">
          {totals.up} up · {totals.stale} stale · {totals.gone} gone · {formatRate(totals.logsPerSecond)}{' '}
          logs/s · lag {formatCount(totals.consumerLag)} · log partitions {totals.logPartitionsOwned}/
          {totals.logPartitions} owned
        </span>
      </h3>
      {fleet.notes.length > 0 && (
        <ul className="fleet-notes" role="alert" data-testid="fleet-notes">
          {fleet.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      {fleet.analyzers.length > 0 && (
        <table className="table fleet-table" data-testid="fleet-table">
          <thead>
            <tr>
              <th>Analyzer</th>
              <th>Host</th>
              <th>Partitions</th>
              <th className="num">Logs/s</th>
              <th className="num">Lag</th>
              <th className="num">CPU/log</th>
              <th>Health</th>
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            {fleet.analyzers.map((member) => (
              <Row key={member.stats.analyzerId} member={member} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
