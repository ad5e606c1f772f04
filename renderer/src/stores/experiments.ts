/** A/B model testing in the window: the model registry and the experiments, as last fetched. */
import { create } from 'zustand';
import type { Experiment, RegisteredModel } from '../../../core/contract';

export interface ExperimentsState {
  /** Null until the first `models:list` answer. */
  registry: RegisteredModel[] | null;
  /** The deciding experiment first, then the ended ones (`experiments:list`). */
  experiments: Experiment[];
}

export const useExperimentsStore = create<ExperimentsState>(() => ({ registry: null, experiments: [] }));

export function applyRegistry(registry: RegisteredModel[]): void {
  useExperimentsStore.setState({ registry });
}

export function applyExperiments(experiments: Experiment[]): void {
  useExperimentsStore.setState({ experiments });
}

/** Puts one experiment (an action's answer) in place, or first when it is new. */
export function applyExperiment(experiment: Experiment): void {
  useExperimentsStore.setState((state) => {
    const rest = state.experiments.filter((e) => e.id !== experiment.id);
    return { experiments: [experiment, ...rest] };
  });
}
