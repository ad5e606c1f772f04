import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES, SEVERITIES } from '../../core/contract';
import type { OnnxClassifier } from '../../core/inference/classifier';
import { MODEL_INPUT_MAX_CHARS } from '../../core/inference/model-input';
import { loadVerifiedClassifier } from '../../core/inference/verify';
import { REPO_MODELS_DIR, SAMPLE_MASKED, realModelEntry } from './inference-fixtures';

let classifier: OnnxClassifier;
beforeAll(async () => {
  classifier = await loadVerifiedClassifier(REPO_MODELS_DIR, realModelEntry());
});
afterAll(async () => classifier.release());

function sum(scores: Record<string, number>): number {
  return Object.values(scores).reduce((a, b) => a + b, 0);
}

describe('ONNX classifier', () => {
  it('returns one result per input with valid labels and probabilities that sum to 1', async () => {
    const results = await classifier.classify(SAMPLE_MASKED);
    expect(results).toHaveLength(SAMPLE_MASKED.length);
    for (const r of results) {
      expect(SEVERITIES).toContain(r.severity);
      expect(CATEGORIES).toContain(r.category);
      expect(Object.keys(r.scores.severity).sort()).toEqual([...SEVERITIES].sort());
      expect(Object.keys(r.scores.category).sort()).toEqual([...CATEGORIES].sort());
      expect(sum(r.scores.severity)).toBeCloseTo(1, 4);
      expect(sum(r.scores.category)).toBeCloseTo(1, 4);
      // The label is the most probable one.
      expect(r.scores.severity[r.severity]).toBe(Math.max(...Object.values(r.scores.severity)));
      expect(r.scores.category[r.category]).toBe(Math.max(...Object.values(r.scores.category)));
    }
  });

  it('classifies typical lines as a person would', async () => {
    const [password, refused, received] = await classifier.classify(SAMPLE_MASKED.slice(0, 3));
    expect(password?.category).toBe('security');
    expect(refused?.category).toBe('network');
    expect(received?.category).toBe('normal');
    expect(received?.severity).toBe('info');
  });

  it('gives the same answers whatever the batching', async () => {
    const texts = [...SAMPLE_MASKED, ...SAMPLE_MASKED.slice().reverse(), ...SAMPLE_MASKED];
    const whole = await classifier.classify(texts);
    const { OnnxClassifier: Ctor } = await import('../../core/inference/classifier');
    const small = await loadVerifiedClassifier(REPO_MODELS_DIR, realModelEntry(), { maxBatch: 3 });
    expect(small).toBeInstanceOf(Ctor);
    const batched = await small.classify(texts);
    await small.release();
    expect(batched).toEqual(whole);
  });

  it('handles an empty request, empty strings, odd characters and very long messages', async () => {
    expect(await classifier.classify([])).toEqual([]);
    const long = 'error '.repeat(10_000);
    const results = await classifier.classify([
      '',
      '\u0000\u0001',
      '🙂 ünïcödé \ud800',
      long,
      long.slice(0, MODEL_INPUT_MAX_CHARS),
    ]);
    expect(results).toHaveLength(5);
    // A long message is read up to MODEL_INPUT_MAX_CHARS, so it scores as its prefix does.
    expect(results[3]).toEqual(results[4]);
  });

  it('refuses to run after release', async () => {
    const c = await loadVerifiedClassifier(REPO_MODELS_DIR, realModelEntry());
    await c.release();
    await expect(c.classify(['x'])).rejects.toThrow(/released/);
  });
});
