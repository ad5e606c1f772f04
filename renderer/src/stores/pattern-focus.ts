/**
 * The pattern selected in the Patterns view (i18: patterns you can reach). Anything may open a
 * pattern by id (`openPattern`, e.g. from an alert): the engine answers that one pattern whatever
 * page it falls on (`patterns:list` with `templateId`) and every alert of its store that holds it
 * (`patterns:alerts`), not only the alerts the window keeps. An id the miner has since merged is
 * answered with its survivor, which becomes the selection.
 */
import { create } from 'zustand';
import type { PatternAlerts, PatternDetail } from '../../../core/contract';
import { runCommand } from '../transport/session';
import { showView } from './ui';

/** Alerts a pattern lists at most (the total is shown beside them). */
export const PATTERN_ALERTS_SHOWN = 50;

export interface PatternFocusState {
  selectedId: string | null;
  /** The selected pattern as the engine answered it by id; null until it answers. */
  pattern: PatternDetail | null;
  alerts: PatternAlerts | null;
  /** The engine counts no such template (evicted, or seen by an earlier run). */
  missing: boolean;
}

const NONE: PatternFocusState = { selectedId: null, pattern: null, alerts: null, missing: false };

export const usePatternFocusStore = create<PatternFocusState>(() => NONE);

let asked = 0;

export function selectPattern(templateId: string | null): void {
  if (usePatternFocusStore.getState().selectedId === templateId) return;
  asked++;
  usePatternFocusStore.setState({ ...NONE, selectedId: templateId });
  if (templateId !== null) void loadPatternFocus();
}

/** Shows the Patterns view with `templateId` selected and its detail open. */
export function openPattern(templateId: string): void {
  selectPattern(templateId);
  showView('patterns');
}

/** Asks for the selected pattern and its alerts; an answer for an older selection is dropped. */
export async function loadPatternFocus(): Promise<void> {
  const templateId = usePatternFocusStore.getState().selectedId;
  if (templateId === null) return;
  const question = ++asked;
  const [page, alerts] = await Promise.all([
    runCommand('patterns:list', { templateId, limit: 1 }),
    runCommand('patterns:alerts', { templateId, limit: PATTERN_ALERTS_SHOWN }),
  ]);
  if (question !== asked) return;
  const pattern = page?.patterns[0] ?? null;
  usePatternFocusStore.setState((state) => ({
    // A merged template's survivor becomes the selection (both answers name it).
    selectedId: pattern?.templateId ?? alerts?.templateId ?? state.selectedId,
    pattern: pattern ?? state.pattern,
    alerts: alerts ?? state.alerts,
    missing: page !== null && pattern === null,
  }));
}
