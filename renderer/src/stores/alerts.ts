/**
 * Alerts by id, upserted from event batches and command responses. Bounded: past the cap, resolved
 * alerts go first (oldest last-seen first), then the oldest of the rest, so that what is still open
 * and recent survives a flood.
 */
import { create } from 'zustand';
import type { Alert } from '../../../core/contract';

export interface AlertsState {
  byId: ReadonlyMap<string, Alert>;
  /** Whether a full list has been received since connecting (distinguishes "none" from "not yet"). */
  loaded: boolean;
}

export const ALERTS_CAP = 2_000;

export const INITIAL_ALERTS: AlertsState = { byId: new Map(), loaded: false };

function evictBeyond(map: Map<string, Alert>, cap: number): void {
  if (map.size <= cap) return;
  const byEvictionOrder = [...map.values()].sort((a, b) => {
    const aResolved = a.status === 'resolved' ? 0 : 1;
    const bResolved = b.status === 'resolved' ? 0 : 1;
    return aResolved - bResolved || a.lastSeen - b.lastSeen;
  });
  for (let i = 0; map.size > cap && i < byEvictionOrder.length; i++) map.delete(byEvictionOrder[i]!.id);
}

export function upsertAlerts(state: AlertsState, alerts: readonly Alert[], cap = ALERTS_CAP): AlertsState {
  if (alerts.length === 0) return state;
  const byId = new Map(state.byId);
  for (const alert of alerts) byId.set(alert.id, alert);
  evictBeyond(byId, cap);
  return { ...state, byId };
}

/** A full list from `alerts:list` replaces what we had: alerts missing from it are gone upstream. */
export function replaceAlerts(alerts: readonly Alert[], cap = ALERTS_CAP): AlertsState {
  const byId = new Map<string, Alert>();
  for (const alert of alerts) byId.set(alert.id, alert);
  evictBeyond(byId, cap);
  return { byId, loaded: true };
}

export const useAlertsStore = create<AlertsState>(() => INITIAL_ALERTS);
