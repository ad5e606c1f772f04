/**
 * Vocabulary selection. Terms are ranked by how many systems use them before how often they occur,
 * because the models must work on systems they never saw (the evaluation holds one system out):
 * a word shared by many systems (`failed`, `connection`) generalises, a class name of one product
 * does not. Counting is over distinct messages so that one chatty template does not decide.
 */
import { FeatureSpace, ngrams, tokenize } from './text-features';

export interface VocabularyOptions {
  maxUnigrams: number;
  maxBigrams: number;
  /** A term must occur in at least this many distinct messages. */
  minDocs: number;
  /** ...and in at least this many systems. */
  minSystems: number;
}

export interface Document {
  system: string;
  text: string;
}

interface TermStats {
  docs: number;
  systems: Set<string>;
}

export function selectVocabulary(
  documents: readonly Document[],
  options: VocabularyOptions,
  required: readonly string[] = [],
): FeatureSpace {
  const seen = new Set<string>();
  const stats = new Map<string, TermStats>();
  let docCount = 0;
  for (const doc of documents) {
    const key = `${doc.system}\u0000${doc.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    docCount++;
    for (const gram of new Set(ngrams(tokenize(doc.text)))) {
      let s = stats.get(gram);
      if (!s) stats.set(gram, (s = { docs: 0, systems: new Set() }));
      s.docs++;
      s.systems.add(doc.system);
    }
  }
  const ranked = [...stats.entries()]
    .filter(([, s]) => s.docs >= options.minDocs && s.systems.size >= options.minSystems)
    .sort(
      ([ta, a], [tb, b]) =>
        b.systems.size - a.systems.size || b.docs - a.docs || (ta < tb ? -1 : ta > tb ? 1 : 0),
    );
  const unigrams = ranked.filter(([t]) => !t.includes(' ')).slice(0, options.maxUnigrams);
  const bigrams = ranked.filter(([t]) => t.includes(' ')).slice(0, options.maxBigrams);
  // Required terms (the seed lexicon's) join the selection wherever they rank, unigrams before bigrams.
  const selected = new Set([...unigrams, ...bigrams].map(([t]) => t));
  const extra = required.filter((t) => !selected.has(t));
  const statsOf = (t: string): TermStats => stats.get(t) ?? { docs: 0, systems: new Set() };
  const chosen: Array<[string, TermStats]> = [
    ...unigrams,
    ...extra.filter((t) => !t.includes(' ')).map((t): [string, TermStats] => [t, statsOf(t)]),
    ...bigrams,
    ...extra.filter((t) => t.includes(' ')).map((t): [string, TermStats] => [t, statsOf(t)]),
  ];
  // Smoothed IDF (as scikit-learn computes it): rarer terms weigh more, none weighs zero.
  const idf = Float64Array.from(chosen, ([, s]) => Math.log((1 + docCount) / (1 + s.docs)) + 1);
  return new FeatureSpace(
    chosen.map(([t]) => t),
    idf,
  );
}
