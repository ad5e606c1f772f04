/**
 * Turns labelled lines into weighted training examples for one head. Identical (text, label) pairs
 * become one example whose weight grows with the log of its count: a template repeated 900 times
 * should matter more than a one-off, but not 900 times more, or the model learns the chattiest
 * template of each system and little else. Classes can be balanced so that rare classes (a few
 * hundred performance lines) count in the loss as much as `normal`, which suits a macro-F1 target.
 */
import type { FeatureOptions, FeatureSpace, SparseVector } from './text-features';

export interface Example {
  x: SparseVector;
  label: number;
  weight: number;
}

export interface ExampleOptions {
  balanceClasses: boolean;
}

export function buildExamples(
  items: ReadonlyArray<{ text: string; label: string }>,
  labels: readonly string[],
  space: FeatureSpace,
  features: FeatureOptions,
  options: ExampleOptions,
): Example[] {
  const counts = new Map<string, { text: string; label: number; count: number }>();
  for (const item of items) {
    const label = labels.indexOf(item.label);
    if (label < 0) throw new Error(`unknown label ${item.label}`);
    const key = `${label}\u0000${item.text}`;
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { text: item.text, label, count: 1 });
  }
  const keys = [...counts.keys()].sort();
  const examples = keys.map((key) => {
    const e = counts.get(key) as { text: string; label: number; count: number };
    return { x: space.vectorize(e.text, features), label: e.label, weight: 1 + Math.log(e.count) };
  });
  if (options.balanceClasses) {
    const perClass = new Float64Array(labels.length);
    for (const e of examples) perClass[e.label] = (perClass[e.label] as number) + e.weight;
    const present = perClass.filter((w) => w > 0).length;
    const total = perClass.reduce((a, b) => a + b, 0);
    for (const e of examples) e.weight *= total / (present * (perClass[e.label] as number));
  }
  return examples;
}
