/** The model commands of the engine (status, promote, discard, shadow), each published to the UI. */
import type { ModelStatus } from '../contract';
import type { ModelPort } from './model-port';

export type ModelAction = 'status' | 'promote' | 'discard' | { shadow: string };

export async function runModelAction(
  models: ModelPort,
  action: ModelAction,
  publish: (status: ModelStatus) => void,
): Promise<ModelStatus> {
  if (action === 'status') return models.status();
  let status: ModelStatus;
  if (action === 'promote') status = await models.promote();
  else if (action === 'discard') status = await models.discard();
  else status = await models.shadow(action.shadow);
  publish(status);
  return status;
}
