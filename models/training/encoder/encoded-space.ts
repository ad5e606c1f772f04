/**
 * A feature space whose rows are a vocabulary's term features followed by a sentence encoder's
 * vector of the same text (times `weight`), so that the training code (examples.ts, the gated head,
 * the lexicon prior, which leaves the encoder's columns at zero) runs on both unchanged.
 */
import { FeatureSpace, type FeatureOptions, type SparseVector } from '../text-features';

export class EncodedFeatureSpace extends FeatureSpace {
  constructor(
    terms: FeatureSpace,
    private readonly vectors: ReadonlyMap<string, Float32Array>,
    private readonly dimensions: number,
    private readonly weight: number,
  ) {
    super(terms.terms, terms.idf);
  }

  override get size(): number {
    return this.terms.length + this.dimensions;
  }

  override vectorize(text: string, options: FeatureOptions): SparseVector {
    const words = super.vectorize(text, options);
    const vector = this.vectors.get(text);
    if (!vector) throw new Error(`no encoder vector for "${text.slice(0, 60)}"`);
    const n = words.index.length;
    const index = new Int32Array(n + this.dimensions);
    const value = new Float64Array(n + this.dimensions);
    index.set(words.index);
    value.set(words.value);
    for (let d = 0; d < this.dimensions; d++) {
      index[n + d] = this.terms.length + d;
      value[n + d] = (vector[d] as number) * this.weight;
    }
    return { index, value };
  }
}
