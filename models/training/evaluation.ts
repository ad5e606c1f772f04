/**
 * The evaluation both `npm run train` (figures for the manifest) and `npm run eval:models` (the full
 * report) run: leave-one-system-out macro-F1 of each head against the keyword baseline, and BGL
 * alert-line detection. Pure computation, deterministic.
 */
import { classifyByRules } from '../../core/inference/rules-classifier';
import type { LabelledLine } from './dataset';
import { leaveOneSystemOut, type HeldOutResult } from './loso';
import { accuracy, binaryScores, classScores, macroF1, type ClassScore } from './metrics';
import { HEAD_LABELS, HEAD_NAMES, headLabelOf, type HeadName, type ModelConfig } from './model';

export interface SystemScore {
  system: string;
  lines: number;
  model: { macroF1: number; accuracy: number; classes: ClassScore[] };
  baseline: { macroF1: number; accuracy: number; classes: ClassScore[] };
}

export interface HeadEvaluation {
  head: HeadName;
  systems: SystemScore[];
  /** Means over the held-out systems that have labels for this head. */
  modelMacroF1: number;
  baselineMacroF1: number;
}

export interface AlertScores {
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
}

export interface Evaluation {
  heads: Record<HeadName, HeadEvaluation>;
  bglAlerts: { lines: number; alerts: number; model: AlertScores; baseline: AlertScores };
  /** Thunderbird's sample has no alert line; what each classifier calls an error there is all false alarm. */
  thunderbirdErrors: { lines: number; model: number; baseline: number };
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

function evaluateHead(head: HeadName, results: readonly HeldOutResult[]): HeadEvaluation {
  const systems: SystemScore[] = [];
  for (const r of results) {
    const truth: string[] = [];
    const model: string[] = [];
    const baseline: string[] = [];
    r.lines.forEach((line, i) => {
      const label = headLabelOf(head, line);
      if (label === null) return;
      truth.push(label);
      model.push((r.predictions[i] as (typeof r.predictions)[number])[head].label);
      baseline.push(classifyByRules(line.text)[head]);
    });
    if (truth.length === 0) continue;
    const labels = HEAD_LABELS[head];
    systems.push({
      system: r.system,
      lines: truth.length,
      model: {
        macroF1: macroF1(truth, model, labels),
        accuracy: accuracy(truth, model),
        classes: classScores(truth, model, labels),
      },
      baseline: {
        macroF1: macroF1(truth, baseline, labels),
        accuracy: accuracy(truth, baseline),
        classes: classScores(truth, baseline, labels),
      },
    });
  }
  return {
    head,
    systems,
    modelMacroF1: mean(systems.map((s) => s.model.macroF1)),
    baselineMacroF1: mean(systems.map((s) => s.baseline.macroF1)),
  };
}

function heldOut(results: readonly HeldOutResult[], system: string): HeldOutResult {
  const r = results.find((x) => x.system === system);
  if (!r) throw new Error(`no held-out result for ${system}`);
  return r;
}

export function evaluate(lines: readonly LabelledLine[], config: ModelConfig): Evaluation {
  const results = leaveOneSystemOut(lines, config);
  const heads = {} as Record<HeadName, HeadEvaluation>;
  for (const head of HEAD_NAMES) heads[head] = evaluateHead(head, results);

  const bgl = heldOut(results, 'BGL');
  const alertTruth = bgl.lines.map((l) => l.alert === true);
  const bglAlerts = {
    lines: bgl.lines.length,
    alerts: alertTruth.filter(Boolean).length,
    model: binaryScores(
      alertTruth,
      bgl.predictions.map((p) => p.severity.label === 'error'),
    ),
    baseline: binaryScores(
      alertTruth,
      bgl.lines.map((l) => classifyByRules(l.text).severity === 'error'),
    ),
  };
  const tb = heldOut(results, 'Thunderbird');
  const thunderbirdErrors = {
    lines: tb.lines.length,
    model: tb.predictions.filter((p) => p.severity.label === 'error').length,
    baseline: tb.lines.filter((l) => classifyByRules(l.text).severity === 'error').length,
  };
  return { heads, bglAlerts, thunderbirdErrors };
}
