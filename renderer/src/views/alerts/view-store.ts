/**
 * The Alerts view's own state, kept in a module store so it survives switching views: what the list
 * shows (incidents first, or every alert), the filter, the grouping of the alert list, which
 * incidents are expanded, which are checked for a bulk action, and the selected incident. The
 * selected alert stays in the UI store (a notification toast opens it).
 */
import { create } from 'zustand';
import { DEFAULT_ALERT_FILTER, type AlertFilter, type GroupBy } from '../../lib/alert-feed';
import { useUiStore } from '../../stores/ui';

export type AlertsMode = 'incidents' | 'alerts';

export interface AlertViewState {
  mode: AlertsMode;
  filter: AlertFilter;
  groupBy: GroupBy;
  /** Replaced (never mutated) on each toggle: its identity is part of the held feed's basis. */
  expanded: ReadonlySet<string>;
  checked: ReadonlySet<string>;
  selectedIncidentId: string | null;
}

export const useAlertViewStore = create<AlertViewState>(() => ({
  mode: 'incidents',
  filter: DEFAULT_ALERT_FILTER,
  groupBy: 'level',
  expanded: new Set(),
  checked: new Set(),
  selectedIncidentId: null,
}));

export function setFilter(patch: Partial<AlertFilter>): void {
  useAlertViewStore.setState((state) => ({ filter: { ...state.filter, ...patch } }));
}

export function setMode(mode: AlertsMode): void {
  useAlertViewStore.setState({ mode });
}

function toggled(set: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(set);
  if (!next.delete(id)) next.add(id);
  return next;
}

export function toggleExpanded(incidentId: string): void {
  useAlertViewStore.setState((state) => ({ expanded: toggled(state.expanded, incidentId) }));
}

export function toggleChecked(incidentId: string): void {
  useAlertViewStore.setState((state) => ({ checked: toggled(state.checked, incidentId) }));
}

export function setChecked(ids: Iterable<string>): void {
  useAlertViewStore.setState({ checked: new Set(ids) });
}

/** One selection at a time: an alert (in the UI store) or an incident. */
export function selectAlert(alertId: string | null): void {
  useUiStore.setState({ selectedAlertId: alertId });
  if (alertId !== null) useAlertViewStore.setState({ selectedIncidentId: null });
}

export function selectIncident(incidentId: string | null): void {
  useAlertViewStore.setState({ selectedIncidentId: incidentId });
  if (incidentId !== null) useUiStore.setState({ selectedAlertId: null });
}
