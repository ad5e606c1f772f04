/**
 * Keyboard shortcuts, as a pure function of (pending chord, key) so they can be tested without a DOM:
 *   g then o/a/l/p/m/s, or 1–6   switch view
 *   j / k                        next / previous row in the current list
 *   Enter                        open the selected row (show or hide an incident's alerts)
 *   x                            check or uncheck the selected row for a bulk action
 *   /                            focus the current view's search or filter box
 *   Escape                       leave a text field / close a detail pane
 *   t                            toggle the theme
 *   ?                            show or hide the shortcut list
 * Typing in a text field is never intercepted, except Escape.
 */
import { VIEWS, type ViewId } from '../stores/ui';

export type KeyCommand =
  | { kind: 'view'; view: ViewId }
  | { kind: 'search' }
  | { kind: 'next' }
  | { kind: 'prev' }
  | { kind: 'open' }
  | { kind: 'select' }
  | { kind: 'escape' }
  | { kind: 'theme' }
  | { kind: 'help' };

export interface KeyInput {
  key: string;
  ctrl: boolean;
  meta: boolean;
  alt: boolean;
  /** Focus is in an input, textarea, select or contenteditable element. */
  editable: boolean;
  now: number;
}

export interface KeyState {
  /** When `g` was pressed, if it still waits for its second key. */
  pendingGAt: number | null;
}

export const NO_PENDING_KEY: KeyState = { pendingGAt: null };
export const CHORD_TIMEOUT_MS = 1_500;

const G_CHORDS: Record<string, ViewId> = {
  o: 'overview',
  a: 'alerts',
  l: 'logs',
  p: 'patterns',
  m: 'models',
  s: 'settings',
};

const SINGLE_KEYS: Record<string, KeyCommand> = {
  '/': { kind: 'search' },
  j: { kind: 'next' },
  k: { kind: 'prev' },
  Enter: { kind: 'open' },
  x: { kind: 'select' },
  Escape: { kind: 'escape' },
  t: { kind: 'theme' },
  '?': { kind: 'help' },
};

export function interpretKey(
  state: KeyState,
  input: KeyInput,
): { state: KeyState; command: KeyCommand | null } {
  const none = { state: NO_PENDING_KEY, command: null };
  if (input.ctrl || input.meta || input.alt) return none;
  if (input.editable)
    return input.key === 'Escape' ? { state: NO_PENDING_KEY, command: { kind: 'escape' } } : none;

  const chordOpen = state.pendingGAt !== null && input.now - state.pendingGAt <= CHORD_TIMEOUT_MS;
  if (chordOpen) {
    const view = G_CHORDS[input.key];
    if (view !== undefined) return { state: NO_PENDING_KEY, command: { kind: 'view', view } };
  }
  if (input.key === 'g') return { state: { pendingGAt: input.now }, command: null };

  const digit = /^[1-9]$/.test(input.key) ? Number(input.key) : 0;
  const byDigit = VIEWS[digit - 1];
  if (byDigit !== undefined) return { state: NO_PENDING_KEY, command: { kind: 'view', view: byDigit } };

  return { state: NO_PENDING_KEY, command: SINGLE_KEYS[input.key] ?? null };
}

export const SHORTCUT_HELP: ReadonlyArray<[string, string]> = [
  ['g o · 1', 'Overview'],
  ['g a · 2', 'Alerts'],
  ['g l · 3', 'Live logs'],
  ['g p · 4', 'Patterns'],
  ['g m · 5', 'Models'],
  ['g s · 6', 'Settings'],
  ['j / k', 'Next / previous row'],
  ['Enter', 'Open selected row'],
  ['x', 'Check row for a bulk action'],
  ['/', 'Search or filter'],
  ['Esc', 'Leave field / close pane'],
  ['t', 'Toggle theme'],
  ['?', 'Shortcuts'],
];
