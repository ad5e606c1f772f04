/**
 * Leave-one-system-out cross-validation: for each system, train on the other fifteen and predict
 * every line of the held-out one. This measures what matters for Vigil — logs from software the
 * model has never seen — rather than memorisation of templates.
 */
import type { LabelledLine } from './dataset';
import { fitModel, predictTexts, type ModelConfig, type Prediction } from './model';

export interface HeldOutResult {
  system: string;
  lines: LabelledLine[];
  predictions: Prediction[];
}

export function leaveOneSystemOut(lines: readonly LabelledLine[], config: ModelConfig): HeldOutResult[] {
  const systems = [...new Set(lines.map((l) => l.system))].sort();
  return systems.map((system) => {
    const model = fitModel(
      lines.filter((l) => l.system !== system),
      config,
    );
    const held = lines.filter((l) => l.system === system);
    return {
      system,
      lines: held,
      predictions: predictTexts(
        model,
        held.map((l) => l.text),
      ),
    };
  });
}
