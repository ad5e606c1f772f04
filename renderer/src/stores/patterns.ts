/**
 * Templates mined by the engine, by template id. Both `patterns:list` and the `patterns` event are
 * snapshots (the engine's current top templates), so each replaces the previous one. Bounded: past
 * the cap the least recently seen templates are dropped.
 */
import { create } from 'zustand';
import type { PatternSummary } from '../../../core/contract';

export interface PatternsState {
  byId: ReadonlyMap<string, PatternSummary>;
  loaded: boolean;
}

export const PATTERNS_CAP = 2_000;

export const INITIAL_PATTERNS: PatternsState = { byId: new Map(), loaded: false };

function evictBeyond(map: Map<string, PatternSummary>, cap: number): void {
  if (map.size <= cap) return;
  const oldestFirst = [...map.values()].sort((a, b) => a.lastSeen - b.lastSeen);
  for (let i = 0; map.size > cap && i < oldestFirst.length; i++) map.delete(oldestFirst[i]!.templateId);
}

export function replacePatterns(patterns: readonly PatternSummary[], cap = PATTERNS_CAP): PatternsState {
  const byId = new Map<string, PatternSummary>();
  for (const pattern of patterns) byId.set(pattern.templateId, pattern);
  evictBeyond(byId, cap);
  return { byId, loaded: true };
}

export const usePatternsStore = create<PatternsState>(() => INITIAL_PATTERNS);
