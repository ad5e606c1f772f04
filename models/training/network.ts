/**
 * The classifier of one head: multinomial logistic regression (no hidden layer) or a one-hidden-
 * layer ReLU network, over the sparse TF-IDF features. Trained full-batch with Adam on the weighted
 * cross-entropy plus an L2 penalty on the weights. Everything is deterministic: seeded initial
 * weights, fixed example order, no parallelism.
 */
import { seededRandom } from './random';
import type { Example } from './examples';
import type { SparseVector } from './text-features';

/** Weights stored row-major as [inputs][outputs], the layout of the ONNX MatMul initializer. */
export interface DenseLayer {
  inputs: number;
  outputs: number;
  weights: Float64Array;
  bias: Float64Array;
}

export interface HeadNetwork {
  hidden: DenseLayer | null;
  output: DenseLayer;
}

/**
 * A fixed [inputs][classes] matrix added to a logistic-regression head's weights: it shifts the
 * logits during training and is folded into the weights when training ends (lexicon.ts).
 */
export type LogitPrior = Float64Array;

export interface TrainOptions {
  /** 0 trains logistic regression. */
  hiddenUnits: number;
  l2: number;
  epochs: number;
  learningRate: number;
  seed: number;
}

function layer(inputs: number, outputs: number, random: (() => number) | null): DenseLayer {
  const weights = new Float64Array(inputs * outputs);
  if (random) {
    const limit = Math.sqrt(6 / (inputs + outputs));
    for (let i = 0; i < weights.length; i++) weights[i] = (random() * 2 - 1) * limit;
  }
  return { inputs, outputs, weights, bias: new Float64Array(outputs) };
}

/** Adam state for one parameter array. */
class AdamSlot {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  constructor(size: number) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }
  step(params: Float64Array, grad: Float64Array, lr: number, t: number): void {
    const b1 = 0.9;
    const b2 = 0.999;
    const c1 = 1 - Math.pow(b1, t);
    const c2 = 1 - Math.pow(b2, t);
    for (let i = 0; i < params.length; i++) {
      const g = grad[i] as number;
      const m = (this.m[i] = b1 * (this.m[i] as number) + (1 - b1) * g);
      const v = (this.v[i] = b2 * (this.v[i] as number) + (1 - b2) * g * g);
      params[i] = (params[i] as number) - (lr * (m / c1)) / (Math.sqrt(v / c2) + 1e-8);
    }
  }
}

function sparseTimesDense(x: SparseVector, l: DenseLayer, out: Float64Array): void {
  out.set(l.bias);
  for (let k = 0; k < x.index.length; k++) {
    const row = (x.index[k] as number) * l.outputs;
    const v = x.value[k] as number;
    for (let o = 0; o < l.outputs; o++) out[o] = (out[o] as number) + v * (l.weights[row + o] as number);
  }
}

function denseTimesDense(h: Float64Array, l: DenseLayer, out: Float64Array): void {
  out.set(l.bias);
  for (let i = 0; i < l.inputs; i++) {
    const v = h[i] as number;
    if (v === 0) continue;
    const row = i * l.outputs;
    for (let o = 0; o < l.outputs; o++) out[o] = (out[o] as number) + v * (l.weights[row + o] as number);
  }
}

function softmaxInPlace(z: Float64Array): void {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let i = 0; i < z.length; i++) sum += z[i] = Math.exp((z[i] as number) - max);
  for (let i = 0; i < z.length; i++) z[i] = (z[i] as number) / sum;
}

export function predictProbabilities(net: HeadNetwork, x: SparseVector): Float64Array {
  const out = new Float64Array(net.output.outputs);
  if (net.hidden) {
    const h = new Float64Array(net.hidden.outputs);
    sparseTimesDense(x, net.hidden, h);
    for (let i = 0; i < h.length; i++) if ((h[i] as number) < 0) h[i] = 0;
    denseTimesDense(h, net.output, out);
  } else {
    sparseTimesDense(x, net.output, out);
  }
  softmaxInPlace(out);
  return out;
}

export function trainHead(
  examples: readonly Example[],
  inputs: number,
  classes: number,
  options: TrainOptions,
  prior?: LogitPrior,
): HeadNetwork {
  const random = seededRandom(options.seed);
  const H = options.hiddenUnits;
  if (prior && H > 0) throw new Error('a logit prior applies to logistic regression only');
  const net: HeadNetwork =
    H > 0
      ? { hidden: layer(inputs, H, random), output: layer(H, classes, random) }
      : { hidden: null, output: layer(inputs, classes, null) };
  // Training works on the learned part; the prior is added in the forward pass (folded at the end).
  const priorLayer: DenseLayer | null = prior
    ? { inputs, outputs: classes, weights: prior, bias: new Float64Array(classes) }
    : null;
  // The prior's logits are constant: computed once per example, not once per epoch.
  const priorLogits = priorLayer
    ? examples.map((e) => {
        const out = new Float64Array(classes);
        sparseTimesDense(e.x, priorLayer, out);
        return out;
      })
    : null;
  const layers = net.hidden ? [net.hidden, net.output] : [net.output];
  const grads = layers.map((l) => ({
    w: new Float64Array(l.weights.length),
    b: new Float64Array(l.bias.length),
  }));
  const slots = layers.map((l) => ({ w: new AdamSlot(l.weights.length), b: new AdamSlot(l.bias.length) }));
  const totalWeight = examples.reduce((a, e) => a + e.weight, 0);
  const h = new Float64Array(Math.max(H, 1));
  const dh = new Float64Array(Math.max(H, 1));
  const z = new Float64Array(classes);

  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    for (const g of grads) {
      g.w.fill(0);
      g.b.fill(0);
    }
    examples.forEach((e, n) => {
      const scale = e.weight / totalWeight;
      if (net.hidden) {
        sparseTimesDense(e.x, net.hidden, h);
        for (let i = 0; i < H; i++) if ((h[i] as number) < 0) h[i] = 0;
        denseTimesDense(h, net.output, z);
      } else {
        sparseTimesDense(e.x, net.output, z);
        if (priorLogits) {
          const p = priorLogits[n] as Float64Array;
          for (let c = 0; c < classes; c++) z[c] = (z[c] as number) + (p[c] as number);
        }
      }
      softmaxInPlace(z);
      z[e.label] = (z[e.label] as number) - 1; // dLoss/dlogits = p - y
      for (let c = 0; c < classes; c++) z[c] = (z[c] as number) * scale;
      const gOut = grads[grads.length - 1] as { w: Float64Array; b: Float64Array };
      for (let c = 0; c < classes; c++) gOut.b[c] = (gOut.b[c] as number) + (z[c] as number);
      if (net.hidden) {
        const gHid = grads[0] as { w: Float64Array; b: Float64Array };
        for (let i = 0; i < H; i++) {
          const hv = h[i] as number;
          let back = 0;
          const row = i * classes;
          for (let c = 0; c < classes; c++) {
            const zc = z[c] as number;
            if (hv !== 0) gOut.w[row + c] = (gOut.w[row + c] as number) + hv * zc;
            back += zc * (net.output.weights[row + c] as number);
          }
          dh[i] = hv > 0 ? back : 0;
        }
        for (let i = 0; i < H; i++) gHid.b[i] = (gHid.b[i] as number) + (dh[i] as number);
        for (let k = 0; k < e.x.index.length; k++) {
          const row = (e.x.index[k] as number) * H;
          const v = e.x.value[k] as number;
          for (let i = 0; i < H; i++) gHid.w[row + i] = (gHid.w[row + i] as number) + v * (dh[i] as number);
        }
      } else {
        for (let k = 0; k < e.x.index.length; k++) {
          const row = (e.x.index[k] as number) * classes;
          const v = e.x.value[k] as number;
          for (let c = 0; c < classes; c++)
            gOut.w[row + c] = (gOut.w[row + c] as number) + v * (z[c] as number);
        }
      }
    });
    layers.forEach((l, li) => {
      const g = grads[li] as { w: Float64Array; b: Float64Array };
      for (let i = 0; i < l.weights.length; i++)
        g.w[i] = (g.w[i] as number) + options.l2 * (l.weights[i] as number);
      const s = slots[li] as { w: AdamSlot; b: AdamSlot };
      s.w.step(l.weights, g.w, options.learningRate, epoch);
      s.b.step(l.bias, g.b, options.learningRate, epoch);
    });
  }
  if (prior)
    for (let i = 0; i < prior.length; i++)
      net.output.weights[i] = (net.output.weights[i] as number) + (prior[i] as number);
  return net;
}
