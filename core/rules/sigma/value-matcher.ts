/**
 * One detection item (`field|mod1|mod2: value or list`) compiled to a predicate over an
 * EventView. Literal values become plain string comparisons on the lowercased value; only values
 * with wildcards, and `re`, become regexes, each built once at load.
 */
import { compileCidr, type AddressTest } from './cidr';
import { MESSAGE, type EventView } from './event-view';
import { fieldLiterals, messageLiterals } from './literal-index';
import { needAll, needAny, withNeed } from './need';
import { refuse } from './refusal';
import { compileSigmaRegex } from './regex';
import { compileWildcard, hasWildcard, literalOf, parseSigmaString, type Segment } from './wildcard';

export type Predicate = (view: EventView) => boolean;
export type Mode = 'exact' | 'contains' | 'startswith' | 'endswith';

const MODES: ReadonlySet<string> = new Set(['contains', 'startswith', 'endswith']);
const REGEX_FLAGS: ReadonlySet<string> = new Set(['i', 'm', 's']);
/** Standard modifiers Vigil does not implement, with why (refused by name rather than as unknown). */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  windash: 'Windows command-line flag permutations; no log Vigil reads has them',
  base64: 'encoded payloads are not decoded by Vigil',
  base64offset: 'encoded payloads are not decoded by Vigil',
  utf16le: 'encoded payloads are not decoded by Vigil',
  utf16be: 'encoded payloads are not decoded by Vigil',
  utf16: 'encoded payloads are not decoded by Vigil',
  wide: 'encoded payloads are not decoded by Vigil',
  expand: 'placeholders have no values in Vigil',
  fieldref: 'comparing two fields is not supported',
  neq: 'not supported',
  lt: 'numeric comparisons are not supported',
  lte: 'numeric comparisons are not supported',
  gt: 'numeric comparisons are not supported',
  gte: 'numeric comparisons are not supported',
  minute: 'time modifiers are not supported',
  hour: 'time modifiers are not supported',
  day: 'time modifiers are not supported',
  week: 'time modifiers are not supported',
  month: 'time modifiers are not supported',
  year: 'time modifiers are not supported',
};

interface Modifiers {
  mode: Mode | null;
  all: boolean;
  cased: boolean;
  re: boolean;
  reFlags: string;
  exists: boolean;
  cidr: boolean;
}

export function parseModifiers(names: readonly string[]): Modifiers {
  const m: Modifiers = {
    mode: null,
    all: false,
    cased: false,
    re: false,
    reFlags: '',
    exists: false,
    cidr: false,
  };
  for (const name of names) {
    if (MODES.has(name)) {
      if (m.mode !== null) refuse(`modifiers '${m.mode}' and '${name}' cannot be combined`);
      m.mode = name as Mode;
    } else if (name === 'all') m.all = true;
    else if (name === 'cased') m.cased = true;
    else if (name === 're') m.re = true;
    else if (REGEX_FLAGS.has(name) && m.re) m.reFlags += name;
    else if (name === 'exists') m.exists = true;
    else if (name === 'cidr') m.cidr = true;
    else if (name in UNSUPPORTED) refuse(`modifier '${name}' is not supported: ${UNSUPPORTED[name]}`);
    else refuse(`unknown modifier '${name}'`);
  }
  const kinds = [m.mode !== null || m.cased, m.re, m.exists, m.cidr].filter(Boolean).length;
  if (kinds > 1) refuse(`modifiers '${names.join('|')}' cannot be combined`);
  return m;
}

type Scalar = string | number | boolean | null;

function valuesOf(raw: unknown): Scalar[] {
  const list = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  if (list.length === 0) refuse('an empty value list');
  for (const v of list) {
    if (v !== null && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      refuse('a value that is neither a string, a number, a boolean nor null');
    }
  }
  return list as Scalar[];
}

/** One value test on the text of a field (lowercased unless `cased`). */
type TextTest = (text: string) => boolean;

function stringTest(value: string, mode: Mode, cased: boolean): TextTest {
  const segments: Segment[] = parseSigmaString(value);
  if (!hasWildcard(segments)) {
    const literal = cased ? literalOf(segments) : literalOf(segments).toLowerCase();
    switch (mode) {
      case 'exact':
        return (t) => t === literal;
      case 'contains':
        return (t) => t.includes(literal);
      case 'startswith':
        return (t) => t.startsWith(literal);
      case 'endswith':
        return (t) => t.endsWith(literal);
    }
  }
  return compileWildcard(
    segments,
    mode === 'exact' || mode === 'startswith',
    mode === 'exact' || mode === 'endswith',
    !cased,
  );
}

function combine(target: string, tests: TextTest[], all: boolean, cased: boolean): Predicate {
  const read = cased ? (v: EventView) => v.text(target) : (v: EventView) => v.lower(target);
  if (tests.length === 1) {
    const only = tests[0] as TextTest;
    return (view) => {
      const text = read(view);
      return text !== null && only(text);
    };
  }
  return (view) => {
    const text = read(view);
    if (text === null) return false;
    if (all) {
      for (const test of tests) if (!test(text)) return false;
      return true;
    }
    for (const test of tests) if (test(text)) return true;
    return false;
  };
}

/**
 * Keywords on the message (not cased) go through the shared automaton over the message
 * (literal-index.ts): a plain keyword is one array read; a keyword with `*` first asks whether its
 * longest literal piece occurs, and only then runs its wildcard test. Null when a value has `?`
 * or no literal text (the general path handles it).
 */
function keywordPredicate(values: string[], all: boolean): Predicate | null {
  const segmentsOf = values.map((v) => parseSigmaString(v));
  const plainTexts = segmentsOf.map((segments) =>
    hasWildcard(segments) ? '' : literalOf(segments).toLowerCase(),
  );
  if (!all && values.length > 1 && plainTexts.every((t) => t !== '')) {
    const any = messageLiterals.addAnyOf(plainTexts);
    return withNeed((view) => view.messageHas(any), { kind: 'ids', ids: [any] });
  }
  const parts: Predicate[] = [];
  for (const value of values) {
    const segments = parseSigmaString(value);
    if (segments.some((s) => s.kind === 'one')) return null;
    const pieces = segments.flatMap((s) => (s.kind === 'text' ? [s.text.toLowerCase()] : []));
    const longest = pieces.reduce((a, b) => (b.length > a.length ? b : a), '');
    if (longest === '') return null;
    const id = messageLiterals.add(longest);
    const need = { kind: 'ids' as const, ids: [id] };
    if (!hasWildcard(segments)) {
      parts.push(withNeed((view) => view.messageHas(id), need));
    } else {
      const test = compileWildcard(segments, false, false, true);
      parts.push(withNeed((view) => view.messageHas(id) && test(view.lower(MESSAGE) ?? ''), need));
    }
  }
  return allOrAny(all, parts);
}

/** All of `parts` (and) or any of them (or), with the need that follows; one part is itself. */
export function allOrAny(all: boolean, parts: Predicate[]): Predicate {
  if (parts.length === 1) return parts[0] as Predicate;
  if (all) {
    return withNeed((view) => {
      for (const part of parts) if (!part(view)) return false;
      return true;
    }, needAll(parts));
  }
  return withNeed((view) => {
    for (const part of parts) if (part(view)) return true;
    return false;
  }, needAny(parts));
}

/**
 * Compiles one item. `target` is Vigil's field name (the message for keywords); `defaultMode` is
 * `exact` for fields and `contains` for keywords (Sigma keywords match anywhere in the message).
 */
export function compileItem(
  target: string,
  modifierNames: readonly string[],
  raw: unknown,
  defaultMode: Mode,
): Predicate {
  const m = parseModifiers(modifierNames);
  const values = valuesOf(raw);
  if (m.exists) {
    if (values.length !== 1 || typeof values[0] !== 'boolean')
      refuse("'exists' takes one value, true or false");
    const want = values[0];
    return onField(target, (view) => (view.raw(target) !== undefined) === want, want);
  }
  if (m.cidr) {
    const tests: AddressTest[] = values.map((v) => {
      if (typeof v !== 'string') return refuse("'cidr' values must be strings");
      return compileCidr(v);
    });
    return onField(target, combine(target, tests, m.all, true));
  }
  if (m.re) {
    const tests: TextTest[] = values.map((v) => {
      if (typeof v !== 'string') return refuse("'re' values must be strings");
      const regex = compileSigmaRegex(v, m.reFlags);
      return (t: string) => regex.test(t);
    });
    return onField(target, combine(target, tests, m.all, true));
  }
  const nulls = values.filter((v) => v === null).length;
  if (nulls > 0) {
    if (m.mode !== null || m.all || nulls !== values.length)
      refuse('null mixed with other values or modifiers');
    return (view) => view.text(target) === null;
  }
  const mode = m.mode ?? defaultMode;
  if (target === MESSAGE && mode === 'contains' && !m.cased) {
    const keywords = keywordPredicate(values.map(String), m.all);
    if (keywords !== null) return keywords;
  }
  const tests = values.map((v) => stringTest(String(v), mode, m.cased));
  const predicate = combine(target, tests, m.all, m.cased);
  if (target === MESSAGE) return predicate;
  // Every value test needs its (longest) literal piece inside the lowercased value.
  const pieces = values.map((v) => {
    const texts = parseSigmaString(String(v)).flatMap((s) =>
      s.kind === 'text' ? [s.text.toLowerCase()] : [],
    );
    return texts.reduce((a, b) => (b.length > a.length ? b : a), '');
  });
  if (pieces.some((p) => p === '')) return onField(target, predicate);
  const ids = pieces.map((p) => fieldLiterals(target).add(p));
  return withNeed(predicate, { kind: 'values', field: target, ids: m.all ? ids.slice(0, 1) : ids });
}

/** A field test that can only be true when the field is present records that need. */
function onField(target: string, predicate: Predicate, needsPresence = true): Predicate {
  if (target === MESSAGE || !needsPresence) return predicate;
  return withNeed(predicate, { kind: 'fields', fields: [target] });
}
