/** Classification metrics for the evaluation report. */

export interface ClassScore {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

function f1Of(tp: number, fp: number, fn: number): { precision: number; recall: number; f1: number } {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/**
 * Per-class scores over the labels that occur in the truth or in the predictions (as scikit-learn's
 * f1_score does by default): a class absent from a held-out system counts only if it was predicted,
 * and then with F1 = 0, so predicting it wrongly is penalised.
 */
export function classScores(
  truth: readonly string[],
  predicted: readonly string[],
  labels: readonly string[],
): ClassScore[] {
  if (truth.length !== predicted.length) throw new Error('truth and predictions differ in length');
  const scores: ClassScore[] = [];
  for (const label of labels) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < truth.length; i++) {
      const t = truth[i] === label;
      const p = predicted[i] === label;
      if (t && p) tp++;
      else if (p) fp++;
      else if (t) fn++;
    }
    if (tp + fp + fn === 0) continue;
    scores.push({ label, ...f1Of(tp, fp, fn), support: tp + fn });
  }
  return scores;
}

export function macroF1(
  truth: readonly string[],
  predicted: readonly string[],
  labels: readonly string[],
): number {
  const scores = classScores(truth, predicted, labels);
  return scores.length === 0 ? 0 : scores.reduce((a, s) => a + s.f1, 0) / scores.length;
}

export function accuracy(truth: readonly string[], predicted: readonly string[]): number {
  let hit = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === predicted[i]) hit++;
  return truth.length === 0 ? 0 : hit / truth.length;
}

export function binaryScores(
  truth: readonly boolean[],
  predicted: readonly boolean[],
): { precision: number; recall: number; f1: number; tp: number; fp: number; fn: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < truth.length; i++) {
    if (truth[i] && predicted[i]) tp++;
    else if (predicted[i]) fp++;
    else if (truth[i]) fn++;
  }
  return { ...f1Of(tp, fp, fn), tp, fp, fn };
}
