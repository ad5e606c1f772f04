/**
 * Models: the active classifier, and the shadow comparison of a candidate running beside it
 * (agreement per head, where they disagree, latency), with start-shadow / promote / discard; then
 * the model registry and A/B experiments (views/models/).
 */
import { useState, type FormEvent } from 'react';
import type { ModelInfo, ModelStatus, ShadowReport } from '../../../core/contract';
import { EmptyState } from '../components/EmptyState';
import { formatCount, formatMs, formatPercent } from '../lib/format';
import { useConnectionStore } from '../stores/connection';
import { applyModels, useModelsStore } from '../stores/models';
import { runCommand } from '../transport/session';
import { Experiments } from './models/Experiments';

/** Most frequent disagreements first, bounded so a noisy head cannot blow up the table. */
const MAX_DISAGREEMENT_ROWS = 20;

function ModelCard({ title, model, testId }: { title: string; model: ModelInfo; testId: string }) {
  return (
    <section className="card" data-testid={testId} data-model-id={model.id}>
      <h3>{title}</h3>
      <dl className="facts">
        <dt>Id</dt>
        <dd className="mono">{model.id}</dd>
        <dt>Version</dt>
        <dd>{model.version}</dd>
        <dt>File</dt>
        <dd className="mono">{model.file}</dd>
        <dt>SHA-256</dt>
        <dd className="mono" title={model.sha256}>
          {model.sha256.slice(0, 16)}…
        </dd>
        <dt>Heads</dt>
        <dd>
          {model.heads.map((head) => (
            <div key={head.name}>
              <strong>{head.name}</strong> <span className="muted">{head.labels.join(', ')}</span>
            </div>
          ))}
        </dd>
      </dl>
    </section>
  );
}

function disagreementRows(report: ShadowReport): { head: string; pair: string; count: number }[] {
  return Object.entries(report.disagreements)
    .flatMap(([head, pairs]) => Object.entries(pairs).map(([pair, count]) => ({ head, pair, count })))
    .sort((a, b) => b.count - a.count)
    .slice(0, MAX_DISAGREEMENT_ROWS);
}

function ShadowComparison({ report }: { report: ShadowReport }) {
  const rows = disagreementRows(report);
  const { active, candidate } = report.latencyMs;
  return (
    <section className="card wide" data-testid="shadow-report">
      <h3>
        Shadow comparison <span className="muted">{formatCount(report.compared)} logs compared</span>
      </h3>
      <div className="agreement">
        {Object.entries(report.agreement).map(([head, fraction]) => (
          <div key={head} className="agreement-row">
            <span className="agreement-head">{head}</span>
            <meter min={0} max={1} low={0.9} high={0.98} optimum={1} value={fraction} />
            <span className="agreement-value" data-testid={`shadow-agreement-${head}`}>
              {formatPercent(fraction)}
            </span>
          </div>
        ))}
      </div>
      <table className="table">
        <thead>
          <tr>
            <th>Latency</th>
            <th>p50</th>
            <th>p95</th>
            <th>p99</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>active</td>
            <td>{formatMs(active.p50)}</td>
            <td>{formatMs(active.p95)}</td>
            <td>{formatMs(active.p99)}</td>
          </tr>
          <tr>
            <td>candidate</td>
            <td>{formatMs(candidate.p50)}</td>
            <td>{formatMs(candidate.p95)}</td>
            <td>{formatMs(candidate.p99)}</td>
          </tr>
        </tbody>
      </table>
      <h4>Disagreements (active → candidate)</h4>
      {rows.length === 0 ? (
        <p className="muted">None so far.</p>
      ) : (
        <table className="table" data-testid="shadow-disagreements">
          <thead>
            <tr>
              <th>Head</th>
              <th>Labels</th>
              <th className="num">Count</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={`${row.head}:${row.pair}`}>
                <td>{row.head}</td>
                <td className="mono">{row.pair}</td>
                <td className="num">{formatCount(row.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function Models() {
  const models = useModelsStore((state) => state.models);
  const connected = useConnectionStore((state) => state.link.phase === 'open');
  const [candidateId, setCandidateId] = useState('');
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<ModelStatus | null>) {
    setBusy(true);
    const next = await action();
    setBusy(false);
    if (next !== null) applyModels(next);
  }

  function startShadow(event: FormEvent) {
    event.preventDefault();
    const id = candidateId.trim();
    if (id === '') return;
    void run(() => runCommand('models:shadow', { id }));
  }

  const shadow = models?.shadow ?? null;
  return (
    <div className="view models">
      <header className="view-head">
        <h2>Models</h2>
      </header>
      {models === null ? (
        <EmptyState
          title={connected ? 'Loading model status…' : 'Not connected to the engine'}
          tone="loading"
        />
      ) : (
        <>
          {models.error !== null && (
            <div className="notice notice-error" role="alert" data-testid="model-error">
              {models.error}
            </div>
          )}
          <div className="cards">
            {models.active !== null ? (
              <ModelCard title="Active model" model={models.active} testId="model-active" />
            ) : (
              <section className="card" data-testid="model-active">
                <h3>Active model</h3>
                <p className="muted">No model is active: logs are classified by the keyword rules.</p>
              </section>
            )}
            {shadow !== null && (
              <ModelCard title="Shadow candidate" model={shadow.candidate} testId="model-candidate" />
            )}
          </div>

          <section className="card">
            <h3>Shadow evaluation</h3>
            <form className="form-row" onSubmit={startShadow}>
              <input
                aria-label="Candidate model id"
                placeholder="candidate model id (from the manifest)"
                value={candidateId}
                onChange={(event) => setCandidateId(event.currentTarget.value)}
                maxLength={128}
                spellCheck={false}
                data-testid="model-shadow-id"
              />
              <button
                type="submit"
                disabled={busy || candidateId.trim() === ''}
                data-testid="model-shadow-start"
              >
                Start shadow
              </button>
              <button
                type="button"
                className="primary"
                disabled={busy || shadow === null}
                onClick={() => void run(() => runCommand('models:promote', {}))}
                data-testid="model-promote"
              >
                Promote candidate
              </button>
              <button
                type="button"
                className="danger"
                disabled={busy || shadow === null}
                onClick={() => void run(() => runCommand('models:discard', {}))}
                data-testid="model-discard"
              >
                Discard candidate
              </button>
            </form>
          </section>

          {shadow !== null ? (
            <ShadowComparison report={shadow} />
          ) : (
            <EmptyState title="No candidate in shadow">
              Start a shadow run to compare a candidate with the active model on live traffic before promoting
              it.
            </EmptyState>
          )}
          <Experiments connected={connected} />
        </>
      )}
    </div>
  );
}
