/**
 * Sigma's `detection` section compiled to one predicate: each search identifier (a list of
 * keywords, a map of field conditions, or a list of maps) becomes a predicate, and the condition
 * combines them. Field names go through the logsource's mapping; an unmapped field refuses the rule.
 */
import { parseCondition, type ConditionNode } from './condition';
import { MESSAGE } from './event-view';
import { refuse } from './refusal';
import { allOrAny, compileItem, type Predicate } from './value-matcher';

/** Sigma field name → Vigil field name, or null when the logsource has no such field. */
export type FieldResolver = (sigmaField: string) => string | null;

export interface CompiledDetection {
  predicate: Predicate;
  readsMessage: boolean;
  fields: string[];
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Compiler {
  readsMessage = false;
  readonly fields = new Set<string>();
  constructor(
    private readonly resolve: FieldResolver,
    private readonly logsource: string,
  ) {}

  keywords(values: unknown, modifiers: readonly string[]): Predicate {
    this.readsMessage = true;
    return compileItem(MESSAGE, modifiers, values, 'contains');
  }

  map(map: Record<string, unknown>): Predicate {
    const items = Object.entries(map).map(([key, value]) => {
      const [field = '', ...modifiers] = key.split('|');
      if (field === '') return this.keywords(value, modifiers);
      const target = this.resolve(field);
      if (target === null) refuse(`field '${field}' has no Vigil field for logsource ${this.logsource}`);
      this.fields.add(target);
      return compileItem(target, modifiers, value, 'exact');
    });
    if (items.length === 0) refuse('a search identifier is an empty map');
    return combine('and', items);
  }

  identifier(name: string, value: unknown): Predicate {
    if (isMap(value)) return this.map(value);
    if (Array.isArray(value)) {
      if (value.length === 0) refuse(`search identifier '${name}' is an empty list`);
      if (value.every(isMap)) {
        return combine(
          'or',
          value.map((m) => this.map(m)),
        );
      }
      if (value.some(isMap)) refuse(`search identifier '${name}' mixes keywords and maps`);
      return this.keywords(value, []);
    }
    if (typeof value === 'string' || typeof value === 'number') return this.keywords([value], []);
    return refuse(`search identifier '${name}' is neither a list nor a map`);
  }
}

function globToRegex(pattern: string): RegExp {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`);
}

function compileNode(node: ConditionNode, identifiers: ReadonlyMap<string, Predicate>): Predicate {
  switch (node.kind) {
    case 'ref': {
      const predicate = identifiers.get(node.name);
      if (predicate === undefined)
        refuse(`the condition names '${node.name}', which the detection does not define`);
      return predicate;
    }
    case 'not': {
      const inner = compileNode(node.item, identifiers);
      return (view) => !inner(view);
    }
    case 'and':
    case 'or':
      return combine(
        node.kind,
        node.items.map((item) => compileNode(item, identifiers)),
      );
    case 'of': {
      const names = [...identifiers.keys()].filter((name) =>
        node.pattern === null ? !name.startsWith('_') : globToRegex(node.pattern).test(name),
      );
      const shown = `${node.quantifier === 'one' ? '1' : 'all'} of ${node.pattern ?? 'them'}`;
      if (names.length === 0) refuse(`'${shown}' matches no search identifier`);
      const parts = names.map((name) => identifiers.get(name) as Predicate);
      return combine(node.quantifier === 'one' ? 'or' : 'and', parts);
    }
  }
}

function combine(kind: 'and' | 'or', parts: Predicate[]): Predicate {
  return allOrAny(kind === 'and', parts);
}

export function compileDetection(
  detection: unknown,
  resolve: FieldResolver,
  logsource: string,
): CompiledDetection {
  if (!isMap(detection)) refuse("the rule has no 'detection' map");
  if ('timeframe' in detection) refuse("'timeframe' (a windowed aggregation) is not evaluated by Vigil");
  const condition = detection.condition;
  const conditions = Array.isArray(condition) ? (condition as unknown[]) : [condition];
  if (conditions.length === 0 || conditions.some((c) => typeof c !== 'string')) {
    refuse("the detection has no 'condition' text");
  }
  const compiler = new Compiler(resolve, logsource);
  const identifiers = new Map<string, Predicate>();
  for (const [name, value] of Object.entries(detection)) {
    if (name === 'condition') continue;
    identifiers.set(name, compiler.identifier(name, value));
  }
  // A list of conditions is linked with OR (the specification's "Condition" section).
  const predicate = combine(
    'or',
    (conditions as string[]).map((text) => compileNode(parseCondition(text), identifiers)),
  );
  return { predicate, readsMessage: compiler.readsMessage, fields: [...compiler.fields].sort() };
}
