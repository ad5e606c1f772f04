/**
 * Text features, computed here exactly as the exported ONNX graph computes them, so that what is
 * trained is what serves (train.ts checks the two agree on every training text):
 *
 *   Tokenizer (tokenexp TOKEN_PATTERN, on the original case)  ─ words split at case changes
 *   TfIdfVectorizer (1- and 2-grams, term counts)              ─ every case variant of a vocabulary
 *                                                               term maps to the same column
 *   min(x, 1)            (when `binary`)                       ─ presence instead of counts
 *   x · idf              (when `idf`)                          ─ rarer terms weigh more
 *   x / max(‖x‖₂, ε)     (when `l2`)                           ─ length normalisation
 *
 * Terms are lower-case; the graph folds case by listing each term's case variants in the n-gram pool
 * (ONNX's StringNormalizer needs an OS locale that is not always installed, and costs a pass).
 */

/** Words (`Failed`, `password`, `ERROR`; camelCase split at capitals) and the masker's `<*>`. */
export const TOKEN_PATTERN = '<\\*>|[A-Z]?[a-z]+|[A-Z]+';
const TOKEN_RE = new RegExp(TOKEN_PATTERN, 'g');

/** Guards the division in the L2 normalisation of an all-zero vector (no known term). */
export const NORM_EPSILON = 1e-6;

export function tokenize(text: string): string[] {
  const tokens = text.match(TOKEN_RE);
  return tokens ? tokens.map((t) => t.toLowerCase()) : [];
}

/** Unigrams then bigrams (joined by a space) of a token list. */
export function ngrams(tokens: readonly string[]): string[] {
  const grams = tokens.slice();
  for (let i = 1; i < tokens.length; i++) grams.push(`${tokens[i - 1]} ${tokens[i]}`);
  return grams;
}

/** The spellings a lower-case word can take as a token of TOKEN_PATTERN. */
export function caseVariants(word: string): string[] {
  if (word === '<*>') return [word];
  const variants = [word, word.charAt(0).toUpperCase() + word.slice(1), word.toUpperCase()];
  return [...new Set(variants)];
}

export interface FeatureOptions {
  binary: boolean;
  idf: boolean;
  l2: boolean;
}

export interface SparseVector {
  index: Int32Array;
  value: Float64Array;
}

/** A fixed vocabulary of n-gram terms with their IDF weights. */
export class FeatureSpace {
  private readonly position = new Map<string, number>();

  constructor(
    /** Unigrams first, then bigrams (`a b`), the order of the graph's columns. */
    readonly terms: readonly string[],
    readonly idf: Float64Array,
  ) {
    terms.forEach((term, i) => this.position.set(term, i));
  }

  /** Column of a term, undefined when the term is not in the vocabulary. */
  columnOf(term: string): number | undefined {
    return this.position.get(term);
  }

  get size(): number {
    return this.terms.length;
  }

  /** Term counts of a text by column (the TfIdfVectorizer's output row, sparse). */
  countTerms(text: string): Map<number, number> {
    const counts = new Map<number, number>();
    for (const gram of ngrams(tokenize(text))) {
      const i = this.position.get(gram);
      if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    return counts;
  }

  /** The feature vector of a text under `options` (what the graph feeds a head). */
  vectorize(text: string, options: FeatureOptions): SparseVector {
    return this.transform(this.countTerms(text), options);
  }

  transform(counts: ReadonlyMap<number, number>, options: FeatureOptions): SparseVector {
    const index = Int32Array.from([...counts.keys()].sort((a, b) => a - b));
    const value = new Float64Array(index.length);
    let norm = 0;
    const { binary, idf, l2 } = options;
    index.forEach((i, k) => {
      let v = counts.get(i) as number;
      if (binary) v = Math.min(v, 1);
      if (idf) v *= this.idf[i] as number;
      value[k] = v;
      norm += v * v;
    });
    if (l2) {
      const scale = 1 / Math.max(Math.sqrt(norm), NORM_EPSILON);
      for (let k = 0; k < value.length; k++) value[k] = (value[k] as number) * scale;
    }
    return { index, value };
  }
}
