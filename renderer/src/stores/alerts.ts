/**
 * Alerts by id, upserted from event batches and command responses. Bounded: past the cap, resolved
 * alerts go first (oldest last-seen first), then the oldest of the rest, so that what is still open
 * and recent survives a flood (one mechanism with the incidents store: bounded-by-id.ts).
 */
import { create } from 'zustand';
import { replaceById, upsertById, type BoundedById } from './bounded-by-id';
import type { Alert } from '../../../core/contract';

export type AlertsState = BoundedById<Alert>;

export const ALERTS_CAP = 2_000;

export const INITIAL_ALERTS: AlertsState = { byId: new Map(), loaded: false };

export function upsertAlerts(state: AlertsState, alerts: readonly Alert[], cap = ALERTS_CAP): AlertsState {
  return upsertById(state, alerts, cap);
}

/** A full list from `alerts:list` replaces what we had: alerts missing from it are gone upstream. */
export function replaceAlerts(alerts: readonly Alert[], cap = ALERTS_CAP): AlertsState {
  return replaceById(alerts, cap);
}

export const useAlertsStore = create<AlertsState>(() => INITIAL_ALERTS);
