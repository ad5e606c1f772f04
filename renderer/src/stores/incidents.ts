/**
 * Incidents by id, replaced from `incidents:list` (on every resync) and upserted from event batches
 * and action responses. Bounded like
 * the alerts store: past the cap, resolved incidents go first (oldest last-seen first), then the
 * oldest of the rest, so what is open and recent survives a flood.
 */
import { create } from 'zustand';
import type { Incident } from '../../../core/contract';

export interface IncidentsState {
  byId: ReadonlyMap<string, Incident>;
  /** Whether a full list has been received (distinguishes "none" from "not yet"). */
  loaded: boolean;
}

export const INCIDENTS_CAP = 500;

export const INITIAL_INCIDENTS: IncidentsState = { byId: new Map(), loaded: false };

function evictBeyond(map: Map<string, Incident>, cap: number): void {
  if (map.size <= cap) return;
  const byEvictionOrder = [...map.values()].sort((a, b) => {
    const aResolved = a.status === 'resolved' ? 0 : 1;
    const bResolved = b.status === 'resolved' ? 0 : 1;
    return aResolved - bResolved || a.lastSeen - b.lastSeen;
  });
  for (let i = 0; map.size > cap && i < byEvictionOrder.length; i++) map.delete(byEvictionOrder[i]!.id);
}

export function upsertIncidents(
  state: IncidentsState,
  incidents: readonly Incident[],
  cap = INCIDENTS_CAP,
): IncidentsState {
  if (incidents.length === 0) return state;
  const byId = new Map(state.byId);
  for (const incident of incidents) byId.set(incident.id, incident);
  evictBeyond(byId, cap);
  return { ...state, byId };
}

/** A full list from `incidents:list` replaces what we had: incidents missing from it are gone upstream. */
export function replaceIncidents(incidents: readonly Incident[], cap = INCIDENTS_CAP): IncidentsState {
  const byId = new Map<string, Incident>();
  for (const incident of incidents) byId.set(incident.id, incident);
  evictBeyond(byId, cap);
  return { byId, loaded: true };
}

export const useIncidentsStore = create<IncidentsState>(() => INITIAL_INCIDENTS);
