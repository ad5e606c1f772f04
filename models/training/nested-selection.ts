/**
 * Nested leave-one-system-out for the category head's gate settings: for each held-out system, the
 * settings are chosen by leave-one-system-out over the other fifteen alone, and only then scored on
 * the held-out one. The plain evaluation (evaluate.ts) picks settings by looking at every held-out
 * system, which flatters the chosen ones; this measures how much.
 *
 *   npx tsx models/training/nested-selection.ts [System,System,...]   (all 16 by default)
 *
 * About 17 minutes of wall time for all systems split over two processes on 2 cores (`npx tsx …
 * Android,Apache,BGL,HDFS,HPC,Hadoop,HealthApp,Linux` and the other eight), about twice that in one.
 * Each process prints the mean over its own systems; EVAL.md quotes the mean over all 16.
 * Only the category head is measured, so the severity head is trained for a single epoch here.
 */
import { CATEGORIES } from '../../core/contract';
import { MODEL_CONFIG } from './config';
import { loadDataset, type LabelledLine } from './dataset';
import { macroF1 } from './metrics';
import { fitModel, predictTexts, type ModelConfig } from './model';

const gate = MODEL_CONFIG.gates?.category;
if (!gate) throw new Error('the shipped configuration has a gated category head');

/** The grid searched: gate prior, gate L2, temperature; the flat head is a candidate too. */
function candidates(): Array<{ name: string; config: ModelConfig }> {
  const quick = { ...MODEL_CONFIG.train, severity: { ...MODEL_CONFIG.train.severity, epochs: 1 } };
  const list: Array<{ name: string; config: ModelConfig }> = [
    { name: 'flat', config: { ...MODEL_CONFIG, train: quick, gates: {} } },
  ];
  for (const prior of [1, 2, 3])
    for (const l2 of [0.01, 0.03])
      for (const temperature of [1, 0.25]) {
        const g = { ...(gate as NonNullable<typeof gate>), prior, temperature };
        g.train = { ...g.train, l2 };
        list.push({
          name: `gate prior ${prior}, L2 ${l2}, temperature ${temperature}`,
          config: { ...MODEL_CONFIG, train: quick, gates: { category: g } },
        });
      }
  return list;
}

function categoryF1(
  train: readonly LabelledLine[],
  held: readonly LabelledLine[],
  config: ModelConfig,
): number {
  const model = fitModel(train, config);
  const predicted = predictTexts(
    model,
    held.map((l) => l.text),
  ).map((p) => p.category.label);
  return macroF1(
    held.map((l) => l.category),
    predicted,
    CATEGORIES,
  );
}

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

function main(): void {
  const lines = loadDataset();
  const systems = [...new Set(lines.map((l) => l.system))].sort();
  const outer = process.argv[2] ? process.argv[2].split(',') : systems;
  const grid = candidates();
  const scores: number[] = [];
  for (const held of outer) {
    const train = lines.filter((l) => l.system !== held);
    const inner = systems.filter((s) => s !== held);
    let best = { name: '', config: MODEL_CONFIG, score: -1 };
    for (const c of grid) {
      const score = mean(
        inner.map((s) =>
          categoryF1(
            train.filter((l) => l.system !== s),
            train.filter((l) => l.system === s),
            c.config,
          ),
        ),
      );
      if (score > best.score) best = { ...c, score };
    }
    const f1 = categoryF1(
      train,
      lines.filter((l) => l.system === held),
      best.config,
    );
    scores.push(f1);
    console.log(
      JSON.stringify({ held, chosen: best.name, inner: +best.score.toFixed(4), heldOut: +f1.toFixed(4) }),
    );
  }
  console.log(JSON.stringify({ systems: scores.length, nestedMeanCategoryF1: +mean(scores).toFixed(4) }));
}

main();
