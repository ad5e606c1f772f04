/**
 * The engine's view of model management. Until the model manager (core/inference) is wired in,
 * and whenever no model passes verification, logs are classified by the keyword rules and the
 * reason is reported so that health turns degraded.
 */
import type { ModelStatus } from '../contract';
import { RulesClassifier } from '../inference/rules-classifier';
import { EngineError } from './errors';
import type { ModelPort } from './model-port';

export class RulesOnlyModelPort implements ModelPort {
  private readonly rules = new RulesClassifier();

  constructor(private readonly reason: string) {}

  async classify(maskedTexts: readonly string[]) {
    return { results: await this.rules.classify(maskedTexts), by: 'rules' as const, generation: 0 };
  }
  generation(): number {
    return 0;
  }
  status(): ModelStatus {
    return { active: null, error: this.reason, shadow: null };
  }
  unavailableReason(): string | null {
    return this.reason;
  }
  shadow(): Promise<ModelStatus> {
    return Promise.reject(new EngineError('unavailable', `no model manager: ${this.reason}`));
  }
  promote(): Promise<ModelStatus> {
    return Promise.reject(new EngineError('conflict', 'no shadow candidate to promote'));
  }
  discard(): Promise<ModelStatus> {
    return Promise.reject(new EngineError('conflict', 'no shadow candidate to discard'));
  }
  async close(): Promise<void> {}
}

export function openModelPort(modelsDir: string): Promise<ModelPort> {
  return Promise.resolve(new RulesOnlyModelPort(`model manager not loaded (${modelsDir})`));
}
