/**
 * The engine's side of A/B model testing (core/inference/experiments): the model registry beside
 * the model status (`models:list`), the experiment commands, and the per-arm alert count. Errors
 * become EngineErrors with the contract's codes. The actor of a manual action is decided here, on
 * the engine's side of the boundary, never taken from the window.
 */
import type {
  Alert,
  Experiment,
  ExperimentAction,
  ExperimentCreate,
  ModelStatus,
  RegisteredModel,
} from '../contract';
import { ModelRegistry } from '../inference/experiments/registry';
import { ExperimentError, ExperimentRunner } from '../inference/experiments/runner';
import { resolveActor } from '../alerts/actor';
import type { OccurrenceChange } from '../alerts/alert-store';
import { EngineError } from './errors';
import type { ModelPort } from './model-port';

function asEngineError(error: unknown): never {
  if (error instanceof ExperimentError) throw new EngineError(error.code, error.message);
  if (error instanceof EngineError) throw error;
  throw new EngineError('invalid_request', error instanceof Error ? error.message : String(error));
}

export class EngineExperiments {
  readonly runner: ExperimentRunner;
  private readonly registry: ModelRegistry;

  constructor(
    modelsDir: string,
    userModelsDir: string | null,
    private readonly models: ModelPort,
    now: () => number,
    private readonly actor: () => string = () => resolveActor(null),
  ) {
    this.registry = new ModelRegistry(modelsDir, userModelsDir);
    this.runner = new ExperimentRunner({ registry: this.registry, now });
  }

  async listModels(): Promise<ModelStatus & { models: RegisteredModel[] }> {
    const status = this.models.status();
    const listing = await this.registry.list(status.active?.id ?? null);
    return { ...status, models: listing.models };
  }

  create(request: ExperimentCreate): Promise<Experiment> {
    return this.runner.create(request, this.actor()).catch(asEngineError);
  }

  get(id: string): Experiment {
    try {
      return this.runner.get(id);
    } catch (error) {
      return asEngineError(error);
    }
  }

  list(): Experiment[] {
    return this.runner.list();
  }

  act(action: ExperimentAction): Experiment {
    try {
      return this.runner.act(action, this.actor());
    } catch (error) {
      return asEngineError(error);
    }
  }

  /** A log decided by `arm` counted into `alert`: a new or reopened alert is one raised by that arm. */
  onAlert(arm: string, alert: Alert, change: OccurrenceChange): void {
    if (change === 'created' || change === 'reopened') this.runner.countAlert(arm, alert.level);
  }

  countVerdict(arm: string | null, previous: 'useful' | 'noise' | null, next: 'useful' | 'noise'): void {
    if (arm !== null) this.runner.countVerdict(arm, previous, next);
  }

  tick(): void {
    this.runner.tick();
  }

  close(): Promise<void> {
    return this.runner.close();
  }
}
