/**
 * Incidents by id, replaced from `incidents:list` (on every resync) and upserted from event batches
 * and action responses. Bounded like
 * the alerts store: past the cap, resolved incidents go first (oldest last-seen first), then the
 * oldest of the rest, so what is open and recent survives a flood.
 */
import { create } from 'zustand';
import { replaceById, upsertById, type BoundedById } from './bounded-by-id';
import type { Incident } from '../../../core/contract';

export type IncidentsState = BoundedById<Incident>;

export const INCIDENTS_CAP = 500;

export const INITIAL_INCIDENTS: IncidentsState = { byId: new Map(), loaded: false };

export function upsertIncidents(
  state: IncidentsState,
  incidents: readonly Incident[],
  cap = INCIDENTS_CAP,
): IncidentsState {
  return upsertById(state, incidents, cap);
}

/** A full list from `incidents:list` replaces what we had: incidents missing from it are gone upstream. */
export function replaceIncidents(incidents: readonly Incident[], cap = INCIDENTS_CAP): IncidentsState {
  return replaceById(incidents, cap);
}

export const useIncidentsStore = create<IncidentsState>(() => INITIAL_INCIDENTS);
