/**
 * A gated head: a two-class gate decides "the common label or not" (for category: `normal` or a
 * problem), and a second softmax decides which of the other labels it is. Its output is still one
 * probability row over all the head's labels, in their order:
 *
 *   p(common) = 1 − g,   p(label) = g · q(label)   where g = gate's "other", q = the second softmax.
 *
 * Why: in one flat softmax the words that say "something is wrong" (`failed`, `error`, `unable`) are
 * shared by five problem classes, so each class gets a slice of their weight and the common label
 * wins by its bias; on held-out systems the model then called most problem lines normal. The gate
 * pools every problem template of every class to learn that signal, and the second softmax learns
 * what tells the problems apart from problem lines only (models/EVAL.md has the measurement).
 *
 * The second softmax is sharpened (its logits divided by a temperature below 1, folded into its
 * weights when training ends) so that, once the gate says "a problem", its best label usually
 * outweighs `normal`: without it, a gate at 0.8 spread over five labels would still lose to 0.2.
 */
import type { Example } from './examples';
import {
  predictProbabilities,
  trainHead,
  type HeadNetwork,
  type LogitPrior,
  type TrainOptions,
} from './network';
import type { SparseVector } from './text-features';

export interface GateOptions {
  /** Strength of the keyword lexicon as a prior on the gate's "other" logit (lexicon.ts). */
  prior: number;
  train: TrainOptions;
  /** Divides the second softmax's logits; below 1 sharpens it. */
  temperature: number;
}

export interface GatedHead {
  /** Two outputs: [the common label, any other label]. */
  gate: HeadNetwork;
  /** The head's labels without the common one, in the head's order; temperature already folded in. */
  among: HeadNetwork;
  /** Position of the common label in the head's labels. */
  commonIndex: number;
}

/** The gate's prior: a term's "other" logit gets its strongest prior towards any non-common label. */
export function gatePrior(prior: LogitPrior, labels: number, commonIndex: number): LogitPrior {
  const inputs = prior.length / labels;
  const gate = new Float64Array(inputs * 2);
  for (let i = 0; i < inputs; i++) {
    let strongest = 0;
    for (let c = 0; c < labels; c++)
      if (c !== commonIndex) strongest = Math.max(strongest, prior[i * labels + c] as number);
    gate[i * 2 + 1] = strongest;
  }
  return gate;
}

/** The prior's columns of the non-common labels (the second softmax's prior). */
export function amongPrior(prior: LogitPrior, labels: number, commonIndex: number): LogitPrior {
  const inputs = prior.length / labels;
  const among = new Float64Array(inputs * (labels - 1));
  for (let i = 0; i < inputs; i++) {
    let k = 0;
    for (let c = 0; c < labels; c++)
      if (c !== commonIndex) among[i * (labels - 1) + k++] = prior[i * labels + c] as number;
  }
  return among;
}

export function trainGatedHead(
  gateExamples: readonly Example[],
  amongExamples: readonly Example[],
  inputs: number,
  labels: number,
  commonIndex: number,
  options: { gate: GateOptions; among: TrainOptions },
  prior: { gate?: LogitPrior; among?: LogitPrior },
): GatedHead {
  if (options.gate.train.hiddenUnits > 0 || options.among.hiddenUnits > 0)
    throw new Error('a gated head is made of two logistic regressions');
  if (!(options.gate.temperature > 0)) throw new Error('the gate temperature must be positive');
  const gate = trainHead(gateExamples, inputs, 2, options.gate.train, prior.gate);
  const among = trainHead(amongExamples, inputs, labels - 1, options.among, prior.among);
  const scale = 1 / options.gate.temperature;
  for (let i = 0; i < among.output.weights.length; i++)
    among.output.weights[i] = (among.output.weights[i] as number) * scale;
  for (let i = 0; i < among.output.bias.length; i++)
    among.output.bias[i] = (among.output.bias[i] as number) * scale;
  return { gate, among, commonIndex };
}

export function gatedProbabilities(head: GatedHead, x: SparseVector): Float64Array {
  const other = predictProbabilities(head.gate, x)[1] as number;
  const q = predictProbabilities(head.among, x);
  const out = new Float64Array(q.length + 1);
  let k = 0;
  for (let c = 0; c < out.length; c++)
    out[c] = c === head.commonIndex ? 1 - other : other * (q[k++] as number);
  return out;
}
