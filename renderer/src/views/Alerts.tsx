/**
 * Alerts: leads with incidents (related alerts grouped by the engine, each expandable to its alerts,
 * acted on as one), with every alert one switch away. Both lists hold still while data arrives (new
 * rows wait for "show"), share one filter (level, trigger, service or host, status with snoozed) and
 * the keyboard: j/k move, Enter expands an incident, / focuses the filter, Escape closes the detail.
 */
import { useMemo, useRef } from 'react';
import { useNow } from '../hooks/useNow';
import { useThrottledStore } from '../hooks/useThrottledStore';
import { filterAlerts } from '../lib/alert-feed';
import { filterIncidents } from '../lib/incident-feed';
import { incidentsModeTitle } from '../lib/cluster-alerts-mode';
import { useStatusStore } from '../stores/status';
import { useAlertsStore, type AlertsState } from '../stores/alerts';
import { useIncidentsStore, type IncidentsState } from '../stores/incidents';
import { AlertFilters } from './alerts/AlertFilters';
import { AlertList } from './alerts/AlertList';
import { IncidentList } from './alerts/IncidentList';
import { setMode, useAlertViewStore, type AlertsMode } from './alerts/view-store';
import '../styles/alerts.css';

const selectAlerts = (state: AlertsState) => state.byId;
const selectAlertsLoaded = (state: AlertsState) => state.loaded;
const selectIncidents = (state: IncidentsState) => state.byId;
const selectIncidentsLoaded = (state: IncidentsState) => state.loaded;

const MODES: ReadonlyArray<[AlertsMode, string]> = [
  ['incidents', 'Incidents'],
  ['alerts', 'All alerts'],
];

export function Alerts() {
  const alertsById = useThrottledStore(useAlertsStore, selectAlerts, 300);
  const alertsLoaded = useThrottledStore(useAlertsStore, selectAlertsLoaded, 300);
  const incidentsById = useThrottledStore(useIncidentsStore, selectIncidents, 300);
  const incidentsLoaded = useThrottledStore(useIncidentsStore, selectIncidentsLoaded, 300);
  const clusterRole = useStatusStore((state) => state.status?.cluster?.role ?? null);
  const mode = useAlertViewStore((state) => state.mode);
  const filter = useAlertViewStore((state) => state.filter);
  const now = useNow(5_000);
  const viewRef = useRef<HTMLDivElement>(null);

  const alerts = useMemo(() => filterAlerts(alertsById.values(), filter, now), [alertsById, filter, now]);
  const incidents = useMemo(
    () => filterIncidents(incidentsById.values(), filter, now),
    [incidentsById, filter, now],
  );
  const names = useMemo(() => {
    const found = new Set<string>();
    for (const alert of alertsById.values()) if (alert.service !== null) found.add(alert.service);
    if (mode === 'incidents')
      for (const incident of incidentsById.values()) for (const host of incident.hosts) found.add(host);
    return [...found].sort().slice(0, 200);
  }, [alertsById, incidentsById, mode]);
  const focusSearch = () => viewRef.current?.querySelector<HTMLInputElement>('[data-search]')?.focus();

  return (
    <div className="view alerts" ref={viewRef}>
      <header className="view-head">
        <h2>Alerts</h2>
        <span className="segmented" role="group" aria-label="Show">
          {MODES.map(([id, label]) => (
            <button
              key={id}
              type="button"
              className={`chip${mode === id ? ' on' : ''}`}
              aria-pressed={mode === id}
              onClick={() => setMode(id)}
              title={id === 'incidents' ? incidentsModeTitle(clusterRole) : undefined}
              data-testid={`alert-mode-${id}`}
            >
              {label}
            </button>
          ))}
        </span>
        <span className="muted" data-testid="incident-count">
          {incidents.length} of {incidentsById.size} {incidentsById.size === 1 ? 'incident' : 'incidents'}
        </span>
        <span className="muted" data-testid="alert-count">
          alerts: {alerts.length} shown · {alertsById.size} kept
        </span>
      </header>
      <AlertFilters names={names} />
      {mode === 'incidents' ? (
        <IncidentList
          filtered={incidents}
          incidentsById={incidentsById}
          alertsById={alertsById}
          loaded={incidentsLoaded}
          now={now}
          onSearch={focusSearch}
        />
      ) : (
        <AlertList
          filtered={alerts}
          byId={alertsById}
          loaded={alertsLoaded}
          now={now}
          onSearch={focusSearch}
        />
      )}
    </div>
  );
}
