/**
 * List shortcuts (j/k/Enter/x/Escape//) are interpreted once, globally, then handed to whichever view
 * is showing; the view knows what its list and its search box are.
 */
import type { KeyCommand } from './keymap';

export type ListCommand = Extract<
  KeyCommand,
  { kind: 'next' | 'prev' | 'open' | 'select' | 'escape' | 'search' }
>;
type Listener = (command: ListCommand) => void;

const listeners = new Set<Listener>();

export function emitListCommand(command: ListCommand): void {
  for (const listener of listeners) listener(command);
}

export function subscribeListCommands(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
