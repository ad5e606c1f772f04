/**
 * The local history of analyzed logs (core/history): on or off, how long logs are kept and the disk
 * budget. The engine reads them when it starts.
 */
import { Field } from '../../components/Field';
import { useSettingsStore, type HistoryForm } from '../../stores/settings';

function setHistory(patch: Partial<HistoryForm>): void {
  useSettingsStore.setState((state) => ({ history: { ...state.history, ...patch } }));
}

export function HistorySection() {
  const history = useSettingsStore((state) => state.history);
  const ageOk =
    Number.isInteger(history.maxAgeHours) && history.maxAgeHours >= 1 && history.maxAgeHours <= 2160;
  const sizeOk =
    Number.isFinite(history.maxGigabytes) && history.maxGigabytes >= 0.016 && history.maxGigabytes <= 1024;
  return (
    <section className="card settings-section" data-testid="settings-history">
      <h3>Log history</h3>
      <label className="check">
        <input
          type="checkbox"
          checked={history.enabled}
          onChange={(event) => setHistory({ enabled: event.currentTarget.checked })}
          data-testid="settings-history-enabled"
        />
        Keep analyzed logs on disk to search them later (Logs → History). Restart to apply.
      </label>
      <div className="form-grid">
        <Field
          label="Keep logs for (hours)"
          error={ageOk ? null : 'Enter whole hours from 1 to 2160.'}
          hint="Older logs are deleted, oldest first."
        >
          {(id) => (
            <input
              id={id}
              type="number"
              min={1}
              value={Number.isFinite(history.maxAgeHours) ? history.maxAgeHours : ''}
              onChange={(event) => setHistory({ maxAgeHours: event.currentTarget.valueAsNumber })}
              data-testid="settings-history-age"
            />
          )}
        </Field>
        <Field
          label="Disk budget (GB)"
          error={sizeOk ? null : 'Enter from 0.016 to 1024 GB.'}
          hint="The oldest logs are deleted first to stay within it."
        >
          {(id) => (
            <input
              id={id}
              type="number"
              min={0.016}
              step={0.5}
              value={Number.isFinite(history.maxGigabytes) ? history.maxGigabytes : ''}
              onChange={(event) => setHistory({ maxGigabytes: event.currentTarget.valueAsNumber })}
              data-testid="settings-history-bytes"
            />
          )}
        </Field>
      </div>
    </section>
  );
}
