/** Subscribes the showing view to list shortcuts (j/k/Enter/Escape//). */
import { useEffect, useEffectEvent } from 'react';
import { subscribeListCommands, type ListCommand } from '../lib/key-bus';

export function useListCommands(handler: (command: ListCommand) => void): void {
  const onCommand = useEffectEvent(handler);
  useEffect(() => subscribeListCommands((command) => onCommand(command)), []);
}
