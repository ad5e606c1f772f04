/**
 * The engine's view of model management (core/inference/model-manager.ts). Whenever no model
 * passes verification, logs are classified by the keyword rules and the reason is reported so
 * that health turns degraded. `generation` lets the analyzer drop cached classifications when
 * the active model changes (load, reload, promote).
 */
import type { ModelStatus } from '../contract';
import { ModelManager } from '../inference/model-manager';
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

/** Identity of the active model, to notice when it changes. */
const activeKey = (status: ModelStatus): string =>
  status.active ? `${status.active.id}@${status.active.sha256}` : '';

export class ManagedModelPort implements ModelPort {
  private gen = 0;
  private lastKey = '';

  private constructor(private manager: ModelManager | null) {}

  static async open(modelsDir: string): Promise<ManagedModelPort> {
    const port = new ManagedModelPort(null);
    port.manager = await ModelManager.start({ modelsDir, onStatus: (status) => port.observe(status) });
    port.observe(port.manager.status());
    return port;
  }

  private observe(status: ModelStatus): void {
    const key = activeKey(status);
    if (key !== this.lastKey) {
      this.lastKey = key;
      this.gen++;
    }
  }

  private get m(): ModelManager {
    if (!this.manager) throw new EngineError('unavailable', 'model manager not started');
    return this.manager;
  }

  async classify(maskedTexts: readonly string[]) {
    const generation = this.gen;
    const out = await this.m.classify(maskedTexts);
    return { results: out.results, by: out.classifiedBy, generation };
  }
  generation(): number {
    return this.gen;
  }
  status(): ModelStatus {
    return this.m.status();
  }
  unavailableReason(): string | null {
    const status = this.m.status();
    return status.active ? null : (status.error ?? 'no model is configured in models/manifest.json');
  }
  shadow(id: string): Promise<ModelStatus> {
    return this.m.shadow(id).catch(asEngineError);
  }
  promote(): Promise<ModelStatus> {
    return this.m.promote().catch(asEngineError);
  }
  discard(): Promise<ModelStatus> {
    return this.m.discard().catch(asEngineError);
  }
  close(): Promise<void> {
    return this.m.close();
  }
}

function asEngineError(error: unknown): never {
  throw new EngineError('conflict', error instanceof Error ? error.message : String(error));
}

/** The model manager over `modelsDir`, or keyword rules with the reason when it cannot start. */
export async function openModelPort(modelsDir: string): Promise<ModelPort> {
  try {
    return await ManagedModelPort.open(modelsDir);
  } catch (error) {
    return new RulesOnlyModelPort(`models in ${modelsDir} could not be loaded: ${(error as Error).message}`);
  }
}
