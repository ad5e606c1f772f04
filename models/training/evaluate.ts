/**
 * `npm run eval:models`: leave-one-system-out evaluation of the shipped configuration and of the
 * variants it was chosen from, against the keyword baseline; writes models/EVAL.md.
 */
import * as fs from 'fs';
import { MODEL_CONFIG, MODEL_ID, MODEL_VERSION } from './config';
import { loadDataset } from './dataset';
import { evaluate } from './evaluation';
import { renderReport, type VariantResult } from './eval-report';
import { HEAD_LABELS, type ModelConfig } from './model';
import { EVAL_MD } from './paths';

/** The alternatives to the shipped configuration that the report compares (model selection). */
function variants(): Array<{ name: string; description: string; config: ModelConfig }> {
  const gate = MODEL_CONFIG.gates?.category;
  if (!gate) throw new Error('the shipped configuration has a gated category head');
  const flat: ModelConfig = { ...MODEL_CONFIG, gates: {} };
  const noPrior: ModelConfig = {
    ...MODEL_CONFIG,
    lexiconPrior: { severity: 0, category: 0 },
    gates: { category: { ...gate, prior: 0 } },
  };
  const mlp = (h: number): ModelConfig => ({
    ...flat,
    lexiconPrior: { severity: 0, category: 0 },
    train: {
      severity: { ...MODEL_CONFIG.train.severity, hiddenUnits: h, learningRate: 0.01 },
      category: { ...MODEL_CONFIG.train.category, hiddenUnits: h, learningRate: 0.01 },
    },
  });
  return [
    {
      name: 'flat category head',
      description: 'one softmax over the six categories (the shipped model before 1.1.0)',
      config: flat,
    },
    {
      name: 'gate prior 1',
      description:
        'gated category head with the gate prior at 1 instead of 2: calls "Connection refused while contacting <*>" normal',
      config: { ...MODEL_CONFIG, gates: { category: { ...gate, prior: 1 } } },
    },
    {
      name: 'unsharpened gate',
      description: 'gated category head with temperature 1 (the second softmax not sharpened)',
      config: { ...MODEL_CONFIG, gates: { category: { ...gate, temperature: 1 } } },
    },
    {
      name: 'stronger severity prior',
      description: 'severity lexicon prior 6 instead of 3: trades macro-F1 for recall of BGL alert lines',
      config: { ...MODEL_CONFIG, lexiconPrior: { ...MODEL_CONFIG.lexiconPrior, severity: 6 } },
    },
    {
      name: 'no lexicon prior',
      description: 'logistic regressions on the labelled logs alone',
      config: noPrior,
    },
    {
      name: 'MLP',
      description:
        'one hidden layer of 16 ReLU units per head, flat category head, no lexicon prior (a prior applies to linear heads only)',
      config: mlp(16),
    },
  ];
}

function main(): void {
  const started = Date.now();
  const lines = loadDataset();
  const evaluation = evaluate(lines, MODEL_CONFIG);
  const measured: VariantResult[] = [
    {
      name: 'shipped',
      description:
        'logistic regressions with the lexicon prior, category as a gate and a sharpened softmax (models/training/config.ts)',
      severity: evaluation.heads.severity.modelMacroF1,
      category: evaluation.heads.category.modelMacroF1,
      bglAlertF1: evaluation.bglAlerts.model.f1,
    },
  ];
  for (const v of variants()) {
    const e = evaluate(lines, v.config);
    measured.push({
      name: v.name,
      description: v.description,
      severity: e.heads.severity.modelMacroF1,
      category: e.heads.category.modelMacroF1,
      bglAlertF1: e.bglAlerts.model.f1,
    });
  }
  const report = renderReport(
    { id: MODEL_ID, version: MODEL_VERSION, config: MODEL_CONFIG },
    evaluation,
    measured,
    HEAD_LABELS,
  );
  fs.writeFileSync(EVAL_MD, report);
  for (const v of measured) {
    console.log(
      `${v.name}: severity ${v.severity.toFixed(3)}, category ${v.category.toFixed(3)}, BGL alert F1 ${v.bglAlertF1.toFixed(3)}`,
    );
  }
  console.log(
    `baseline: severity ${evaluation.heads.severity.baselineMacroF1.toFixed(3)}, category ${evaluation.heads.category.baselineMacroF1.toFixed(3)}`,
  );
  console.log(`wrote models/EVAL.md in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

main();
