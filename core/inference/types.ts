/**
 * What every classifier (ONNX model or keyword rules) returns for one masked message. The label
 * sets are the contract's (core/contract/data.ts); a model whose heads use other names is rejected
 * by verification before it can serve.
 */
import type { Category, Severity } from '../contract';

export interface Classification {
  severity: Severity;
  category: Category;
  scores: { severity: Record<string, number>; category: Record<string, number> };
}

export interface Classifier {
  readonly kind: 'model' | 'rules';
  /** Classifies masked messages (see core/patterns/mask.ts); one result per input, in order. */
  classify(maskedTexts: readonly string[]): Promise<Classification[]>;
}
