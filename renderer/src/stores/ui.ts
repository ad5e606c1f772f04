/**
 * Window-level UI state: the current view, the theme, and transient messages (toasts) for failed
 * commands and notified alerts. Toasts are capped so a burst cannot grow the list without bound.
 */
import { create } from 'zustand';
import type { AlertLevel } from '../../../core/contract';

export const VIEWS = ['overview', 'alerts', 'logs', 'patterns', 'models', 'settings'] as const;
export type ViewId = (typeof VIEWS)[number];

export type Theme = 'dark' | 'light';

export interface Toast {
  id: number;
  kind: 'error' | 'alert' | 'info';
  title: string;
  detail: string;
  level: AlertLevel | null;
  /** Alert id for 'alert' toasts, so a click can open it. */
  alertId: string | null;
}

export interface UiState {
  view: ViewId;
  theme: Theme;
  toasts: readonly Toast[];
  nextToastId: number;
  /** Alert selected in the Alerts view (kept here so a toast click can open it). */
  selectedAlertId: string | null;
}

export const TOASTS_CAP = 4;

export const INITIAL_UI: UiState = {
  view: 'overview',
  theme: 'dark',
  toasts: [],
  nextToastId: 1,
  selectedAlertId: null,
};

/** Adds a toast; a newer toast about the same alert replaces the older one instead of stacking. */
export function pushToast(state: UiState, toast: Omit<Toast, 'id'>, cap = TOASTS_CAP): UiState {
  const others =
    toast.alertId === null ? state.toasts : state.toasts.filter((t) => t.alertId !== toast.alertId);
  const toasts = [...others, { ...toast, id: state.nextToastId }];
  return {
    ...state,
    toasts: toasts.slice(Math.max(0, toasts.length - cap)),
    nextToastId: state.nextToastId + 1,
  };
}

export function dismissToast(state: UiState, id: number): UiState {
  return { ...state, toasts: state.toasts.filter((toast) => toast.id !== id) };
}

export const useUiStore = create<UiState>(() => INITIAL_UI);

export function showView(view: ViewId): void {
  useUiStore.setState({ view });
}

export function showInfo(title: string, detail: string): void {
  useUiStore.setState((state) =>
    pushToast(state, { kind: 'info', title, detail, level: null, alertId: null }),
  );
}

export function showError(title: string, detail: string): void {
  useUiStore.setState((state) =>
    pushToast(state, { kind: 'error', title, detail, level: null, alertId: null }),
  );
}
