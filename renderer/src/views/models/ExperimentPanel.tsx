/**
 * The live comparison of an experiment's arms (latency, throughput, classes, agreement, alerts per
 * 1,000 logs by level, verdicts), its actions (promote, stop, rollback) and its decision log.
 */
import {
  ALERT_LEVELS,
  type ArmReport,
  type Experiment,
  type ExperimentAction,
} from '../../../../core/contract';
import { formatCount, formatDateTime, formatMs, formatPercent } from '../../lib/format';
import { applyExperiment } from '../../stores/experiments';
import { runCommand } from '../../transport/session';

function share(counts: Record<string, number> | undefined, label: string): string {
  const total = Object.values(counts ?? {}).reduce((a, b) => a + b, 0);
  return total === 0 ? '—' : formatPercent((counts?.[label] ?? 0) / total);
}

const ROWS: Array<{ label: string; cell: (arm: ArmReport) => string }> = [
  { label: 'Role', cell: (a) => `${a.role} (${Math.round(a.weight)} %)` },
  { label: 'Logs decided', cell: (a) => formatCount(a.logs) },
  { label: 'Latency p50 / p99', cell: (a) => `${formatMs(a.latencyMs.p50)} / ${formatMs(a.latencyMs.p99)}` },
  { label: 'Throughput (msg/s of inference)', cell: (a) => formatCount(Math.round(a.throughput)) },
  { label: 'Rated error', cell: (a) => share(a.classes.severity, 'error') },
  { label: 'Rated normal', cell: (a) => share(a.classes.category, 'normal') },
  {
    label: 'Agreement with control (severity / category)',
    cell: (a) =>
      a.agreement === null
        ? '—'
        : `${formatPercent(a.agreement.severity ?? 0)} / ${formatPercent(a.agreement.category ?? 0)}`,
  },
  { label: 'Alerts per 1,000 logs', cell: (a) => a.alerts.per1000.toFixed(2) },
  ...ALERT_LEVELS.map((level) => ({
    label: `  ${level}`,
    cell: (a: ArmReport) => a.alerts.per1000ByLevel[level].toFixed(2),
  })),
  { label: 'Verdicts useful / noise', cell: (a) => `${a.verdicts.useful} / ${a.verdicts.noise}` },
  {
    label: 'Noise rate',
    cell: (a) => (a.verdicts.noiseRate === null ? '—' : formatPercent(a.verdicts.noiseRate)),
  },
  { label: 'Failed calls', cell: (a) => formatCount(a.failures) },
];

export function ExperimentPanel({ experiment }: { experiment: Experiment }) {
  async function act(action: ExperimentAction['action'], arm?: string) {
    const next = await runCommand('experiments:act', {
      id: experiment.id,
      action,
      ...(arm === undefined ? {} : { arm }),
    });
    if (next !== null) applyExperiment(next);
  }
  const running = experiment.state === 'running';
  const promoted = experiment.state === 'promoted' || experiment.state === 'completed';
  return (
    <section className="card wide" data-testid="experiment" data-experiment-state={experiment.state}>
      <h3>
        Experiment {experiment.name}{' '}
        <span className="muted" data-testid="experiment-state">
          {experiment.state}
          {experiment.promoted !== null && ` · ${experiment.promoted} decides`}
        </span>
      </h3>
      <table className="table" data-testid="experiment-comparison">
        <thead>
          <tr>
            <th>Split by {experiment.split.by}</th>
            {experiment.arms.map((arm) => (
              <th key={arm.ref} className="mono">
                {arm.ref}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ROWS.map((row) => (
            <tr key={row.label}>
              <td>{row.label}</td>
              {experiment.arms.map((arm) => (
                <td key={arm.ref} className="num" data-testid={`arm-${row.label.trim().split(' ')[0]}`}>
                  {row.cell(arm)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="form-row">
        {experiment.arms.slice(1).map((arm) => (
          <button
            key={arm.ref}
            type="button"
            className="primary"
            disabled={!running}
            onClick={() => void act('promote', arm.ref)}
            data-testid={`experiment-promote-${arm.ref}`}
          >
            Promote {arm.ref}
          </button>
        ))}
        <button
          type="button"
          disabled={!promoted}
          onClick={() => void act('rollback')}
          data-testid="experiment-rollback"
        >
          Roll back
        </button>
        <button
          type="button"
          className="danger"
          disabled={!(running || promoted)}
          onClick={() => void act('stop')}
          data-testid="experiment-stop"
        >
          Stop
        </button>
      </div>
      {experiment.lastEvaluation !== null && (
        <p className="muted" data-testid="experiment-evaluation">
          Last check: {experiment.lastEvaluation.outcome}. {experiment.lastEvaluation.reasons.join(' ')}
        </p>
      )}
      <h4>Decisions</h4>
      <ol className="decisions" data-testid="experiment-decisions">
        {experiment.decisions.map((d, i) => (
          <li key={i}>
            {formatDateTime(d.at)} · <strong>{d.action}</strong> {d.arm ?? ''} ({d.by}, {d.who}): {d.reason}{' '}
            <span className="muted mono">
              {Object.entries(d.figures)
                .map(([k, v]) => `${k}=${String(v)}`)
                .join(' ')}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
