/**
 * All loaded Sigma rules asked about one event at once: the message is scanned once by the keyword
 * automaton, each field some rule looks into by that field's automaton, and only the rules whose
 * need is met (one of their keywords found in the message or in a field's value, or one of their
 * fields present) are evaluated. Gives the same answers as calling every rule's `matches`.
 */
import { sharedView } from './compile';
import { fieldLiterals } from './literal-index';
import type { CompiledSigmaRule, SigmaEvent } from './types';

export class SigmaRuleSet {
  private readonly byId = new Map<number, number[]>();
  private readonly byField = new Map<string, number[]>();
  private readonly byValue = new Map<string, Map<number, number[]>>();
  private readonly always: number[] = [];
  private readonly marks: Uint32Array;
  private stamp = 0;

  constructor(readonly rules: readonly CompiledSigmaRule[]) {
    this.marks = new Uint32Array(rules.length);
    rules.forEach((rule, index) => {
      const need = rule.need;
      if (need === null) this.always.push(index);
      else if (need.kind === 'ids') for (const id of need.ids) push(this.byId, id, index);
      else if (need.kind === 'fields') for (const field of need.fields) push(this.byField, field, index);
      else {
        let ids = this.byValue.get(need.field);
        if (ids === undefined) this.byValue.set(need.field, (ids = new Map<number, number[]>()));
        for (const id of need.ids) push(ids, id, index);
      }
    });
  }

  /** The rules that match `event`, in load order. */
  matchAll(event: SigmaEvent): CompiledSigmaRule[] {
    if (++this.stamp === 0xffffffff) {
      this.marks.fill(0);
      this.stamp = 1;
    }
    const { marks, stamp } = this;
    const candidates: number[] = [];
    const mark = (list: readonly number[] | undefined): void => {
      if (list === undefined) return;
      for (const index of list) {
        if (marks[index] !== stamp) {
          marks[index] = stamp;
          candidates.push(index);
        }
      }
    };
    mark(this.always);
    if (this.byId.size > 0) {
      for (const id of sharedView.bind(event).messageIds()) mark(this.byId.get(id));
    }
    for (const [field, ids] of this.byValue) {
      const value = event.fields[field];
      if (value === undefined || value === null) continue;
      const index = fieldLiterals(field);
      index.scan(sharedView.bind(event).lower(field) ?? '');
      for (const id of index.latestFound()) mark(ids.get(id));
    }
    if (this.byField.size > 0) {
      const fields = event.fields;
      for (const name in fields) if (fields[name] !== undefined) mark(this.byField.get(name));
    }
    candidates.sort((a, b) => a - b);
    const matched: CompiledSigmaRule[] = [];
    for (const index of candidates) {
      const rule = this.rules[index] as CompiledSigmaRule;
      if (rule.matches(event)) matched.push(rule);
    }
    return matched;
  }
}

function push(map: Map<number, number[]> | Map<string, number[]>, key: number | string, index: number): void {
  const m = map as Map<number | string, number[]>;
  const list = m.get(key);
  if (list === undefined) m.set(key, [index]);
  else list.push(index);
}
