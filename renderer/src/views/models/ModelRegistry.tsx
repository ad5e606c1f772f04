/**
 * The model registry (models folder and the user's folder): version, sha256, training date, EVAL.md
 * figures and verification of each model, and the form that starts an experiment on the models
 * chosen from the list (the first chosen is the control).
 */
import { useState, type FormEvent } from 'react';
import type { ExperimentCreate, RegisteredModel } from '../../../../core/contract';
import { formatDateTime } from '../../lib/format';
import { applyExperiment } from '../../stores/experiments';
import { runCommand } from '../../transport/session';

const SPLITS = ['percent', 'service', 'host', 'template'] as const;

function EvalFigures({ model }: { model: RegisteredModel }) {
  if (model.eval.length === 0) return <span className="muted">—</span>;
  return (
    <>
      {model.eval.map((f) => (
        <div key={f.head}>
          {f.head} F1 {f.model.toFixed(3)} <span className="muted">(baseline {f.baseline.toFixed(3)})</span>
        </div>
      ))}
    </>
  );
}

export function ModelRegistry({ registry, deciding }: { registry: RegisteredModel[]; deciding: boolean }) {
  const [chosen, setChosen] = useState<string[]>([]);
  const [by, setBy] = useState<(typeof SPLITS)[number]>('percent');
  const [share, setShare] = useState(50);
  const [auto, setAuto] = useState(false);
  const [minVerdicts, setMinVerdicts] = useState(200);
  const [busy, setBusy] = useState(false);

  function toggle(ref: string) {
    setChosen((list) => (list.includes(ref) ? list.filter((r) => r !== ref) : [...list, ref].slice(0, 4)));
  }

  async function start(event: FormEvent) {
    event.preventDefault();
    const candidates = chosen.length - 1;
    const weights = [100 - share, ...Array.from({ length: candidates }, () => share / candidates)];
    const request: ExperimentCreate = {
      arms: chosen,
      split: { by, weights },
      auto: { enabled: auto, minVerdicts },
    };
    setBusy(true);
    const created = await runCommand('experiments:create', request);
    setBusy(false);
    if (created !== null) applyExperiment(created);
  }

  return (
    <section className="card wide" data-testid="model-registry">
      <h3>Available models</h3>
      <table className="table">
        <thead>
          <tr>
            <th>Arm</th>
            <th>Model</th>
            <th>Version</th>
            <th>SHA-256</th>
            <th>Trained</th>
            <th>Evaluation</th>
            <th>Verified</th>
          </tr>
        </thead>
        <tbody>
          {registry.map((model) => (
            <tr key={model.ref} data-testid="registry-row" data-model-ref={model.ref}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Use ${model.ref} in an experiment`}
                  checked={chosen.includes(model.ref)}
                  disabled={!model.verified}
                  onChange={() => toggle(model.ref)}
                  data-testid={`registry-choose-${model.ref}`}
                />{' '}
                {chosen.indexOf(model.ref) === 0 ? 'control' : chosen.includes(model.ref) ? 'candidate' : ''}
              </td>
              <td className="mono">
                {model.ref}
                {model.active && <span className="badge"> active</span>}
              </td>
              <td>{model.version}</td>
              <td className="mono" title={model.sha256}>
                {model.sha256.slice(0, 12)}…
              </td>
              <td>
                {model.trainedAt !== null ? (
                  formatDateTime(model.trainedAt)
                ) : (
                  <span className="muted" title="The manifest gives no training date: the file's date">
                    file {model.fileModifiedAt === null ? '—' : formatDateTime(model.fileModifiedAt)}
                  </span>
                )}
              </td>
              <td>
                <EvalFigures model={model} />
              </td>
              <td title={model.verifyError ?? undefined}>
                {model.verified ? 'yes' : `no: ${model.verifyError ?? ''}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="form-row" onSubmit={(event) => void start(event)}>
        <label>
          Split by{' '}
          <select
            value={by}
            onChange={(e) => setBy(e.currentTarget.value as typeof by)}
            data-testid="experiment-split"
          >
            {SPLITS.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Candidates' share %{' '}
          <input
            type="number"
            min={0}
            max={100}
            value={share}
            onChange={(e) => setShare(Math.min(100, Math.max(0, Number(e.currentTarget.value))))}
            data-testid="experiment-share"
          />
        </label>
        <label>
          <input type="checkbox" checked={auto} onChange={(e) => setAuto(e.currentTarget.checked)} /> Promote
          automatically after{' '}
          <input
            type="number"
            min={1}
            value={minVerdicts}
            onChange={(e) => setMinVerdicts(Math.max(1, Math.round(Number(e.currentTarget.value))))}
          />{' '}
          verdicts per arm
        </label>
        <button
          type="submit"
          className="primary"
          disabled={busy || deciding || chosen.length < 2}
          title={deciding ? 'An experiment is running: stop it first' : undefined}
          data-testid="experiment-start"
        >
          Start experiment
        </button>
      </form>
    </section>
  );
}
