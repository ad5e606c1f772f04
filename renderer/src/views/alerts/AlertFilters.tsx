/** The Alerts view's filters: level chips, trigger, service or host, status (snoozed included), grouping. */
import { ALERT_LEVELS, ALERT_TRIGGERS } from '../../../../core/contract';
import type { AlertLevel, AlertTrigger } from '../../../../core/contract';
import { EFFECTIVE_STATUSES, type GroupBy, type StatusFilter } from '../../lib/alert-feed';
import { setFilter, useAlertViewStore } from './view-store';
import { ChoiceSelect } from '../../components/ChoiceSelect';

export function AlertFilters({ names }: { names: readonly string[] }) {
  const filter = useAlertViewStore((state) => state.filter);
  const groupBy = useAlertViewStore((state) => state.groupBy);
  const mode = useAlertViewStore((state) => state.mode);
  const toggleLevel = (level: AlertLevel) =>
    setFilter({
      levels: filter.levels.includes(level)
        ? filter.levels.filter((l) => l !== level)
        : [...filter.levels, level],
    });
  return (
    <div className="filters" role="search">
      <span className="chips" role="group" aria-label="Levels">
        {ALERT_LEVELS.map((level) => (
          <button
            key={level}
            type="button"
            className={`chip level-chip-${level}${filter.levels.includes(level) ? ' on' : ''}`}
            aria-pressed={filter.levels.includes(level)}
            onClick={() => toggleLevel(level)}
            data-testid={`alert-filter-level-${level}`}
          >
            {level}
          </button>
        ))}
      </span>
      <ChoiceSelect<AlertTrigger | 'all'>
        label="Trigger"
        value={filter.trigger}
        choices={[
          { value: 'all', label: 'all triggers' },
          ...ALERT_TRIGGERS.map((trigger) => ({ value: trigger, label: trigger.replace('_', ' ') })),
        ]}
        onChange={(trigger) => setFilter({ trigger })}
        testId="alert-filter-trigger"
      />
      <input
        aria-label={mode === 'incidents' ? 'Service or host' : 'Service'}
        placeholder={mode === 'incidents' ? 'service or host…' : 'service…'}
        list="alert-services"
        value={filter.service}
        onChange={(event) => setFilter({ service: event.currentTarget.value })}
        data-search="true"
        data-testid="alert-filter-service"
      />
      <datalist id="alert-services">
        {names.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <ChoiceSelect<StatusFilter>
        label="Status"
        value={filter.status}
        choices={['active', ...EFFECTIVE_STATUSES, { value: 'all', label: 'all statuses' }]}
        onChange={(status) => setFilter({ status })}
        testId="alert-filter-status"
      />
      {mode === 'alerts' && (
        <label className="inline">
          group by
          <select
            value={groupBy}
            onChange={(event) =>
              useAlertViewStore.setState({ groupBy: event.currentTarget.value as GroupBy })
            }
            data-testid="alert-group-by"
          >
            <option value="level">level</option>
            <option value="trigger">trigger</option>
            <option value="service">service</option>
            <option value="status">status</option>
            <option value="none">nothing</option>
          </select>
        </label>
      )}
    </div>
  );
}
