/**
 * `npm run bench -- ab`: the cost of an A/B experiment on the engine's pipeline (parse, mine,
 * classify, detect, alert, persist: `Engine.processBatch`, in-process, without Kafka), measured side
 * by side in one run: no experiment, a two-arm experiment in shadow (both arms score every distinct
 * message) and a two-arm experiment without shadow (each arm scores its own logs' messages). The
 * arms are the shipped model and an identical copy of it (tests/fixtures/model-variants.ts, bias 0). Rounds
 * alternate between the three set-ups and each figure is the median of its rounds, so drift of a
 * shared machine favours none. Each round is a fresh engine over all 32,000 Loghub lines, passed
 * `PASSES` times in batches of 1,000: the first pass (cold: every distinct message reaches the
 * models, as a new stream does) and the later ones (warm: answers come from the caches) are reported
 * apart, each in logs per second of wall time and per CPU-second of this process (the engine runs
 * in it; onnxruntime's threads count too). The cost is quoted in CPU: on a shared machine the wall
 * time depends on what else runs (the load average is printed with the figures).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RawMessage } from '../../core/parse/types';
import { createEngine } from '../../core/engine/create';
import { allRawLines } from '../fixtures/loghub';
import { modelsWithVariants, SHIPPED_MODEL_ID } from '../fixtures/model-variants';

const PASSES = 3;
const ROUNDS = 5;
const BATCH = 1000;

type SetUp = 'none' | 'shadow' | 'split';

type Pass = 'cold' | 'warm';
/** Logs per second of wall time and per CPU-second of this process, on the first pass and the later ones. */
type Rates = Record<`${Pass}${'Wall' | 'Cpu'}`, number>;

async function round(setUp: SetUp, modelsDir: string, batches: RawMessage[][]): Promise<Rates> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-ab-'));
  const client = await createEngine({ dataDir, modelsDir });
  try {
    if (setUp !== 'none')
      await client.call('experiments:create', {
        arms: [SHIPPED_MODEL_ID(), 'variant'],
        split: { by: 'template' },
        shadow: setUp === 'shadow',
      });
    const logs = batches.reduce((n, b) => n + b.length, 0);
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let pass = 0; pass < PASSES; pass++) {
      const started = performance.now();
      const cpuStart = process.cpuUsage();
      for (const batch of batches) await client.engine.processBatch(batch);
      const used = process.cpuUsage(cpuStart);
      wall.push((performance.now() - started) / 1000);
      cpu.push((used.user + used.system) / 1e6);
    }
    const later = (xs: number[]): number => xs.slice(1).reduce((a, b) => a + b, 0);
    return {
      coldWall: logs / wall[0]!,
      coldCpu: logs / cpu[0]!,
      warmWall: (logs * (PASSES - 1)) / later(wall),
      warmCpu: (logs * (PASSES - 1)) / later(cpu),
    };
  } finally {
    await client.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchAb(): Promise<Record<string, number | string>> {
  // An identical copy (bias 0): both arms give the same answers, so the figures are the experiment's
  // own cost (scoring twice, routing), not the effect of different decisions on the alerts downstream.
  const modelsDir = modelsWithVariants({ variant: 0 });
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
  const rates: Record<SetUp, Rates[]> = { none: [], shadow: [], split: [] };
  try {
    for (let r = 0; r < ROUNDS; r++)
      for (const setUp of ['none', 'shadow', 'split'] as const)
        rates[setUp].push(await round(setUp, modelsDir, batches));
  } finally {
    rmSync(modelsDir, { recursive: true, force: true });
  }
  const figure = (setUp: SetUp, key: keyof Rates): number => median(rates[setUp].map((r) => r[key]));
  const cost = (setUp: SetUp, key: keyof Rates): number =>
    Number((100 * (1 - figure(setUp, key) / figure('none', key))).toFixed(1));
  const out: Record<string, number | string> = {
    bench: 'ab',
    logsPerPass: lines.length,
    passes: PASSES,
    rounds: ROUNDS,
  };
  const names: Record<SetUp, string> = { none: 'NoExperiment', shadow: 'TwoArmShadow', split: 'TwoArmSplit' };
  for (const pass of ['cold', 'warm'] as const) {
    for (const setUp of ['none', 'shadow', 'split'] as const) {
      out[`${pass}${names[setUp]}LogsPerCpuSecond`] = Math.round(figure(setUp, `${pass}Cpu`));
      out[`${pass}${names[setUp]}LogsPerSecond`] = Math.round(figure(setUp, `${pass}Wall`));
    }
    // The cost in CPU per log: wall time on a shared machine depends on what else runs.
    out[`${pass}ShadowCpuCostPercent`] = cost('shadow', `${pass}Cpu`);
    out[`${pass}SplitCpuCostPercent`] = cost('split', `${pass}Cpu`);
  }
  out.loadAverage = loadavg()[0]!.toFixed(1);
  return out;
}
