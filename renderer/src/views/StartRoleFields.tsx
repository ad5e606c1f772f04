/**
 * Issue 19: the Start panel's role (standalone, analyzer, console) and cluster name for a Kafka
 * start (docs/scaling.md). Messages come from the contract, through buildStartRequest.
 */
import { VIGIL_ROLES, type VigilRole } from '../../../core/contract';
import { Field, fieldError } from '../components/Field';
import type { FieldError } from '../lib/start-request';
import { editCluster, useSettingsStore } from '../stores/settings';

const ROLE_LABELS: Record<VigilRole, string> = {
  standalone: 'Standalone',
  analyzer: 'Analyzer',
  console: 'Console',
};

const ROLE_HINTS: Record<VigilRole, string> = {
  standalone: 'Everything in this Vigil: it reads the log topics and keeps its alerts.',
  analyzer: "Shares the log topics' partitions with the cluster's other analyzers and publishes alert state.",
  console: "Reads the cluster's alert state and acts on it; analyzes no logs itself.",
};

/** Issue 19: why standalone defaults to one engine thread, in one sentence (docs/scaling.md). */
const WORKERS_HINTS: Record<Exclude<VigilRole, 'console'>, string> = {
  standalone:
    'Default 1: with more, each thread mines its own templates and judges windowed detectors on its own partitions, so template alerts and bursts can differ from one thread (rule alerts stay exact).',
  analyzer: 'Default: the cores available; each thread is one more member of the log group.',
};

export function StartRoleFields({ errors }: { errors: readonly FieldError[] }) {
  const cluster = useSettingsStore((state) => state.cluster);
  return (
    <div className="form-row start-role">
      <fieldset className="segmented" aria-label="Role">
        {VIGIL_ROLES.map((role) => (
          <label key={role} className={cluster.role === role ? 'active' : ''}>
            <input
              type="radio"
              name="role"
              value={role}
              checked={cluster.role === role}
              onChange={() => editCluster({ role })}
              data-testid={`start-role-${role}`}
            />
            {ROLE_LABELS[role]}
          </label>
        ))}
      </fieldset>
      {cluster.role !== 'standalone' && (
        <Field
          label="Cluster"
          error={fieldError(errors, 'cluster')}
          hint="names Vigil's topics: vigil.<cluster>.…"
        >
          {(id) => (
            <input
              id={id}
              value={cluster.name}
              onChange={(event) => editCluster({ name: event.currentTarget.value })}
              spellCheck={false}
              data-testid="start-cluster"
            />
          )}
        </Field>
      )}
      {cluster.role !== 'console' && (
        <Field
          label="Engine threads"
          error={fieldError(errors, 'workers')}
          hint={WORKERS_HINTS[cluster.role]}
        >
          {(id) => (
            <input
              id={id}
              inputMode="numeric"
              placeholder={cluster.role === 'analyzer' ? 'the cores' : '1'}
              value={cluster.workers ?? ''}
              onChange={(event) => editCluster({ workers: event.currentTarget.value })}
              data-testid="start-workers"
            />
          )}
        </Field>
      )}
      <p className="field-hint" data-testid="start-role-hint">
        {ROLE_HINTS[cluster.role]}
      </p>
    </div>
  );
}
