/**
 * What the engine needs from model management (core/inference): a classifier for the current
 * batch, the status for the UI, and the shadow/promote/discard actions. The engine never holds a
 * model session itself, so a model can be swapped between two batches without losing a log.
 */
import type { ModelStatus } from '../contract';
import type { Classification } from '../inference/types';

export interface ModelPort {
  /** Classifies masked messages with the active model (and the shadow candidate, if any). */
  classify(
    maskedTexts: readonly string[],
  ): Promise<{ results: Classification[]; by: 'model' | 'rules'; generation: number }>;
  /** Changes whenever the active classifier changes (load, promote, fallback to rules). */
  generation(): number;
  status(): ModelStatus;
  /** Why the engine runs on keyword rules instead of a model, or null when a model is active. */
  unavailableReason(): string | null;
  shadow(id: string): Promise<ModelStatus>;
  promote(): Promise<ModelStatus>;
  discard(): Promise<ModelStatus>;
  close(): Promise<void>;
}
