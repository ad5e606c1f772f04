/**
 * What a predicate cannot be true without: one of some automaton ids found in the message, or one
 * of some fields present. Recorded beside each compiled predicate (a WeakMap, not a wrapper, so
 * evaluation costs nothing more) and combined up the condition; a rule set uses it to evaluate
 * only the rules an event can satisfy (rule-set.ts).
 */
import type { Predicate } from './value-matcher';

export type Need =
  /** One of these ids of the message automaton found in the message. */
  | { kind: 'ids'; ids: number[] }
  /** One of these ids of the field's automaton found in its value (implies the field is present). */
  | { kind: 'values'; field: string; ids: number[] }
  /** One of these fields present. */
  | { kind: 'fields'; fields: string[] };

const needs = new WeakMap<Predicate, Need>();

export function withNeed(predicate: Predicate, need: Need | null): Predicate {
  if (need !== null) needs.set(predicate, need);
  return predicate;
}

export function needOf(predicate: Predicate): Need | null {
  return needs.get(predicate) ?? null;
}

/** AND: any one part's need will do; a message need is preferred (one automaton pass decides it). */
export function needAll(parts: readonly Predicate[]): Need | null {
  const found = parts.map(needOf).filter((n): n is Need => n !== null);
  return found.find((n) => n.kind === 'ids') ?? found.find((n) => n.kind === 'values') ?? found[0] ?? null;
}

/** OR: the union of the parts' needs, when every part has one of the same kind. */
export function needAny(parts: readonly Predicate[]): Need | null {
  const found = parts.map(needOf);
  if (found.length === 0 || found.some((n) => n === null)) return null;
  const all = found as Need[];
  if (all.every((n) => n.kind === 'ids'))
    return { kind: 'ids', ids: [...new Set(all.flatMap((n) => n.ids))] };
  const first = all[0] as Need;
  if (first.kind === 'values' && all.every((n) => n.kind === 'values' && n.field === first.field)) {
    const ids = all.flatMap((n) => (n.kind === 'values' ? n.ids : []));
    return { kind: 'values', field: first.field, ids: [...new Set(ids)] };
  }
  // Values imply their field is present: a mix of values and fields needs one of the fields.
  if (all.every((n) => n.kind !== 'ids')) {
    const fields = all.flatMap((n) =>
      n.kind === 'fields' ? n.fields : n.kind === 'values' ? [n.field] : [],
    );
    return { kind: 'fields', fields: [...new Set(fields)] };
  }
  return null;
}
