/**
 * An alert or incident command (ack, snooze, resolve, note): runs it, publishes and persists what it
 * changed, and maps a refused action to the engine's error codes (not_found, conflict).
 */
import { AlertActionError, type AlertManager } from '../alerts';
import { EngineError } from './errors';
import type { EventBatcher } from './event-batcher';

export async function actingOnAlerts<T>(
  alerts: AlertManager,
  batcher: EventBatcher,
  now: () => number,
  step: () => T,
): Promise<T> {
  try {
    const result = step();
    batcher.pushAlerts(alerts.drainChanged(now()));
    batcher.pushIncidents(alerts.drainChangedIncidents());
    await alerts.recordBatch(now());
    return result;
  } catch (error) {
    if (error instanceof AlertActionError) {
      throw new EngineError(error.code === 'not_found' ? 'not_found' : 'conflict', error.message);
    }
    throw error;
  }
}
