/**
 * A test double of the engine's ModelPort: classifies by a keyword ("fail" → error/system), records
 * every classify call, and lets a test change the model generation (a model swap) at will.
 */
import type { Category, ModelStatus, Severity } from '../../core/contract';
import type { ModelPort } from '../../core/engine/model-port';
import type { Classification } from '../../core/inference/types';

export class FakeModelPort implements ModelPort {
  /** The masked texts of each classify call, in call order. */
  readonly calls: string[][] = [];
  private currentGeneration = 1;
  /** When set, classify answers as if the model changed to this generation during the call. */
  answerGeneration: number | null = null;
  by: 'model' | 'rules' = 'model';
  /** The severity the "model" gives every text without "fail" in it. */
  defaultSeverity: Severity = 'info';
  closed = false;

  classify(maskedTexts: readonly string[]) {
    this.calls.push([...maskedTexts]);
    const results = maskedTexts.map((text) => this.classifyOne(text));
    return Promise.resolve({
      results,
      by: this.by,
      generation: this.answerGeneration ?? this.currentGeneration,
    });
  }

  private classifyOne(text: string): Classification {
    const failed = /fail/i.test(text);
    const severity: Severity = failed ? 'error' : this.defaultSeverity;
    const category: Category = failed ? 'system' : 'normal';
    return {
      severity,
      category,
      scores: { severity: { [severity]: 0.9 }, category: { [category]: 0.8 } },
    };
  }

  /** Simulates a model load or promotion. */
  swapModel(): void {
    this.currentGeneration++;
  }

  get classifiedTexts(): string[] {
    return this.calls.flat();
  }

  generation(): number {
    return this.currentGeneration;
  }
  status(): ModelStatus {
    return { active: null, error: null, shadow: null };
  }
  unavailableReason(): string | null {
    return null;
  }
  /** Model actions asked for, e.g. "shadow:m2", "promote". */
  readonly actions: string[] = [];
  /** When set, model actions are refused with this error. */
  refuseActions: Error | null = null;

  shadow(id: string): Promise<ModelStatus> {
    return this.act(`shadow:${id}`);
  }
  promote(): Promise<ModelStatus> {
    return this.act('promote');
  }
  discard(): Promise<ModelStatus> {
    return this.act('discard');
  }
  private act(action: string): Promise<ModelStatus> {
    this.actions.push(action);
    if (this.refuseActions) return Promise.reject(this.refuseActions);
    return Promise.resolve({ ...this.status(), error: `after ${action}` });
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
