/** The model registry's state: active model, load error and the shadow comparison, if any. */
import { create } from 'zustand';
import type { ModelStatus } from '../../../core/contract';

export interface ModelsState {
  /** Null until the first `models:status` answer or `models` event. */
  models: ModelStatus | null;
}

export const INITIAL_MODELS: ModelsState = { models: null };

export const useModelsStore = create<ModelsState>(() => INITIAL_MODELS);

export function applyModels(models: ModelStatus): void {
  useModelsStore.setState({ models });
}
