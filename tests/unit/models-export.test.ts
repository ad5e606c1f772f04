import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import type { LabelledLine } from '../../models/training/dataset';
import {
  fitModel,
  isGated,
  predictTexts,
  HEAD_LABELS,
  HEAD_NAMES,
  type ModelConfig,
} from '../../models/training/model';
import { predictProbabilities } from '../../models/training/network';
import { exportOnnx } from '../../models/training/onnx-export';
import { caseVariants, tokenize } from '../../models/training/text-features';

/** A handful of labelled lines from three made-up systems: enough to train and export a tiny model. */
const LINES: LabelledLine[] = [
  ['alpha', 'Failed password for root from <*>', 'error', 'security'],
  ['alpha', 'Accepted password for root from <*>', 'info', 'normal'],
  ['alpha', 'Connection refused by <*>', 'error', 'network'],
  ['beta', 'Connection reset by peer <*>', 'error', 'network'],
  ['beta', 'Request took <*> ms, slow response', 'warning', 'performance'],
  ['beta', 'Started worker <*>', 'info', 'normal'],
  ['gamma', 'Kernel panic: disk I/O error on <*>', 'error', 'system'],
  ['gamma', 'NullPointerException in OrderService', 'error', 'application'],
  ['gamma', 'Started worker pool', 'info', 'normal'],
].map(([system, text, severity, category], i) => ({
  system: system as string,
  lineId: i + 1,
  eventId: `E${i + 1}`,
  text: text as string,
  severity: severity as LabelledLine['severity'],
  category: category as LabelledLine['category'],
  alert: null,
}));

const FUSABLE = {
  severity: { binary: true, idf: true, l2: true },
  category: { binary: true, idf: false, l2: false },
};
const MIXED = {
  severity: { binary: false, idf: true, l2: true },
  category: { binary: true, idf: false, l2: false },
};

function config(
  hiddenUnits: number,
  lexiconPrior: number,
  features: ModelConfig['features'] = MIXED,
): ModelConfig {
  const train = { hiddenUnits, l2: 1e-3, epochs: 40, learningRate: 0.05, seed: 7 };
  return {
    vocabulary: { maxUnigrams: 200, maxBigrams: 200, minDocs: 1, minSystems: 1 },
    features,
    examples: { severity: { balanceClasses: false }, category: { balanceClasses: true } },
    lexiconWeight: 1,
    lexiconPrior: { severity: lexiconPrior, category: lexiconPrior },
    train: { severity: { ...train }, category: { ...train, seed: 8 } },
  };
}

/** The same, with category as a gate (normal or not) and a sharpened softmax over the other labels. */
function gatedConfig(features: ModelConfig['features']): ModelConfig {
  const base = config(0, 2, features);
  return {
    ...base,
    lexiconWeight: 0,
    gates: {
      category: {
        commonLabel: 'normal',
        prior: 1,
        train: { hiddenUnits: 0, l2: 1e-3, epochs: 40, learningRate: 0.05, seed: 9 },
        temperature: 0.25,
      },
    },
  };
}

function gatedSeverityConfig(commonLabel: string): ModelConfig {
  const base = gatedConfig(FUSABLE);
  const category = base.gates?.category;
  if (!category) throw new Error('gatedConfig gates the category head');
  return {
    ...base,
    gates: { ...base.gates, severity: { ...category, commonLabel, train: { ...category.train, seed: 10 } } },
  };
}

const META = { id: 'tiny', version: '0', preprocessing: 'vigil-mask-v1', description: 'test' };

describe('text features', () => {
  it('splits words at case changes, keeps <*>, and lower-cases', () => {
    expect(tokenize('NoRouteToHostException: <*> ERROR in IOStream')).toEqual([
      'no',
      'route',
      'to',
      'host',
      'exception',
      '<*>',
      'error',
      'in',
      'ios',
      'tream',
    ]);
    expect(tokenize('123 !!')).toEqual([]);
  });

  it('lists the spellings a word can take as a token', () => {
    expect(caseVariants('error')).toEqual(['error', 'Error', 'ERROR']);
    expect(caseVariants('a')).toEqual(['a', 'A']);
    expect(caseVariants('<*>')).toEqual(['<*>']);
  });
});

describe('ONNX export', () => {
  const cases = [
    ['logistic regression over presence (fused into one MatMul)', config(0, 2, FUSABLE)],
    ['logistic regression over counts (one branch per head)', config(0, 2, MIXED)],
    ['one-hidden-layer network', config(8, 0, MIXED)],
    ['gated category head over presence (fused)', gatedConfig(FUSABLE)],
    ['gated category head over counts (one branch per head)', gatedConfig(MIXED)],
    // The common label in the middle of the head's labels: the join slices the others on both sides.
    ['gated severity head around its middle label', gatedSeverityConfig('warning')],
    ['gated severity head around its first label', gatedSeverityConfig('error')],
  ] as const;
  for (const [name, cfg] of cases) {
    it(`reproduces the trained ${name} in onnxruntime`, async () => {
      const model = fitModel(LINES, cfg);
      const bytes = exportOnnx(model, META);
      const session = await ort.InferenceSession.create(bytes);
      const texts = [
        ...LINES.map((l) => l.text),
        'FAILED PASSWORD',
        'connection Refused',
        '',
        'unknown words only',
      ];
      const out = await session.run({ text: new ort.Tensor('string', texts, [texts.length]) });
      const expected = predictTexts(model, texts);
      for (const head of HEAD_NAMES) {
        const width = HEAD_LABELS[head].length;
        expect(out[head]?.dims).toEqual([texts.length, width]);
        const data = out[head]?.data as Float32Array;
        texts.forEach((_, i) => {
          const p = (expected[i] as (typeof expected)[number])[head].probabilities;
          for (let c = 0; c < width; c++) expect(data[i * width + c]).toBeCloseTo(p[c] as number, 5);
        });
      }
      await session.release();
    });
  }

  it('a gated head gives one distribution: normal is 1 - gate, the others share the gate', () => {
    const model = fitModel(LINES, gatedConfig(FUSABLE));
    const head = model.heads.category;
    if (!isGated(head)) throw new Error('the category head should be gated');
    const texts = ['Started worker <*>', 'Failed password for root'];
    const predictions = predictTexts(model, texts);
    const normal = HEAD_LABELS.category.indexOf('normal');
    texts.forEach((text, i) => {
      const p = (predictions[i] as (typeof predictions)[number]).category.probabilities;
      let sum = 0;
      for (const v of p) sum += v;
      expect(sum).toBeCloseTo(1, 9);
      const problem = predictProbabilities(
        head.gate,
        model.space.vectorize(text, model.features.category),
      )[1];
      expect(p[normal]).toBeCloseTo(1 - (problem as number), 12);
    });
    expect(predictions.map((p) => p.category.label)).toEqual(['normal', 'security']);
  });

  it('is deterministic: the same data gives the same bytes', () => {
    const a = exportOnnx(fitModel(LINES, config(8, 0)), META);
    const b = exportOnnx(fitModel(LINES, config(8, 0)), META);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});
