/** The Alerts view's filters: level chips, trigger, service or host, status (snoozed included), grouping. */
import { ALERT_LEVELS, ALERT_TRIGGERS } from '../../../../core/contract';
import type { AlertLevel, AlertTrigger } from '../../../../core/contract';
import { EFFECTIVE_STATUSES, type GroupBy, type StatusFilter } from '../../lib/alert-feed';
import { setFilter, useAlertViewStore } from './view-store';

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
      <select
        aria-label="Trigger"
        value={filter.trigger}
        onChange={(event) => setFilter({ trigger: event.currentTarget.value as AlertTrigger | 'all' })}
        data-testid="alert-filter-trigger"
      >
        <option value="all">all triggers</option>
        {ALERT_TRIGGERS.map((trigger) => (
          <option key={trigger} value={trigger}>
            {trigger.replace('_', ' ')}
          </option>
        ))}
      </select>
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
      <select
        aria-label="Status"
        value={filter.status}
        onChange={(event) => setFilter({ status: event.currentTarget.value as StatusFilter })}
        data-testid="alert-filter-status"
      >
        <option value="active">active</option>
        {EFFECTIVE_STATUSES.map((status) => (
          <option key={status} value={status}>
            {status}
          </option>
        ))}
        <option value="all">all statuses</option>
      </select>
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
