/**
 * `npm run bench -- ab`: the cost of an A/B experiment on the engine's pipeline (parse, mine,
 * classify, detect, alert, persist: `Engine.processBatch`, in-process, without Kafka), measured side
 * by side in one run: no experiment, a two-arm experiment in shadow (both arms score every distinct
 * message) and a two-arm experiment without shadow (each arm scores its own logs' messages). The
 * arms are the shipped model and a variant of it (tests/fixtures/model-variants.ts). Rounds
 * alternate between the three set-ups and each figure is the median of its rounds, so drift of a
 * shared machine favours none. Each round is a fresh engine over all 32,000 Loghub lines, passed
 * `PASSES` times in batches of 1,000 (the first pass fills the caches, as a new stream does).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RawMessage } from '../../core/parse/types';
import { createEngine } from '../../core/engine/create';
import { allRawLines } from '../fixtures/loghub';
import { modelsWithVariants, SHIPPED_MODEL_ID } from '../fixtures/model-variants';

const PASSES = 3;
const ROUNDS = 3;
const BATCH = 1000;

type SetUp = 'none' | 'shadow' | 'split';

async function round(setUp: SetUp, modelsDir: string, batches: RawMessage[][]): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-ab-'));
  const client = await createEngine({ dataDir, modelsDir });
  try {
    if (setUp !== 'none')
      await client.call('experiments:create', {
        arms: [SHIPPED_MODEL_ID(), 'variant'],
        split: { by: 'template' },
        shadow: setUp === 'shadow',
      });
    const started = performance.now();
    let logs = 0;
    for (let pass = 0; pass < PASSES; pass++)
      for (const batch of batches) {
        await client.engine.processBatch(batch);
        logs += batch.length;
      }
    return logs / ((performance.now() - started) / 1000);
  } finally {
    await client.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchAb(): Promise<Record<string, number | string>> {
  const modelsDir = modelsWithVariants({ variant: 0.8 });
  const lines = allRawLines();
  const batches: RawMessage[][] = [];
  for (let i = 0; i < lines.length; i += BATCH)
    batches.push(
      lines.slice(i, i + BATCH).map(({ line }, k) => ({
        topic: 'logs',
        partition: 0,
        offset: String(i + k),
        timestamp: Date.now(),
        key: null,
        value: Buffer.from(line),
      })),
    );
  const rates: Record<SetUp, number[]> = { none: [], shadow: [], split: [] };
  try {
    for (let r = 0; r < ROUNDS; r++)
      for (const setUp of ['none', 'shadow', 'split'] as const)
        rates[setUp].push(await round(setUp, modelsDir, batches));
  } finally {
    rmSync(modelsDir, { recursive: true, force: true });
  }
  const none = median(rates.none);
  const shadow = median(rates.shadow);
  const split = median(rates.split);
  return {
    bench: 'ab',
    logs: lines.length * PASSES,
    rounds: ROUNDS,
    noExperimentLogsPerSecond: Math.round(none),
    twoArmShadowLogsPerSecond: Math.round(shadow),
    twoArmSplitLogsPerSecond: Math.round(split),
    shadowCostPercent: Number((100 * (1 - shadow / none)).toFixed(1)),
    splitCostPercent: Number((100 * (1 - split / none)).toFixed(1)),
  };
}
