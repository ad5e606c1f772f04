/**
 * A rule ready to evaluate: regular expressions compiled, field conditions turned into small
 * predicates, provenance attached. Pack and user rules (YAML) and compiled predicate rules (Sigma)
 * all become this one shape, so the engine has one loop.
 */
import type { AlertLevel, AlertRuleRef, AlertTrigger, FieldValue, LogLevel, LogRecord } from '../contract';
import type { FieldCondition, PackRule, RuleLevel, Threshold } from './schema';
import { DEFAULT_GROUP_BY, type GroupField } from './group-by';

/** What a compiled predicate rule (Sigma) sees: the message and the structured fields. */
export interface PredicateEvent {
  message: string;
  fields: Readonly<Record<string, string | number | boolean | null | undefined>>;
}

/**
 * A rule compiled elsewhere (the Sigma loader): metadata plus `matches(event)`. `scope: 'template'`
 * says the predicate only reads the text (Sigma `keywords`), so it is decided once per template.
 */
export interface CompiledPredicateRule {
  id: string;
  title: string;
  author: string | null;
  description?: string | null;
  level: AlertLevel;
  trigger: AlertTrigger;
  references: string[];
  file: string | null;
  sigmaId?: string | null;
  advice?: string | null;
  scope?: 'template' | 'log';
  matches(event: PredicateEvent): boolean;
}

export type FieldTest = (value: FieldValue | undefined) => boolean;

export interface CompiledRule {
  ref: AlertRuleRef;
  trigger: AlertTrigger;
  level: RuleLevel;
  threshold: Threshold | null;
  belowThreshold: AlertLevel | null;
  /** The alert's grouping fields beside the rule (group-by.ts); default service and host. */
  groupBy: readonly GroupField[];
  /** `groupBy` holds `host`: the threshold counts per host as well as per its own group. */
  countPerHost: boolean;
  /** Decided once per template text. */
  template: RegExp | null;
  notTemplate: RegExp | null;
  /** Per log, only once the template conditions held. */
  message: RegExp | null;
  fields: readonly { name: string; test: FieldTest }[];
  /** Tests on named groups of `message`. */
  captures: readonly { name: string; test: FieldTest }[];
  errorType: RegExp | null;
  errorRootCause: RegExp | null;
  errorMessage: RegExp | null;
  service: RegExp | null;
  levels: ReadonlySet<LogLevel> | null;
  /** A compiled predicate (Sigma); `predicateOnTemplate` when it is decided per template. */
  predicate: ((event: PredicateEvent) => boolean) | null;
  predicateOnTemplate: boolean;
}

/** Compiles a pattern; throws a readable error naming what is wrong. */
function regex(source: string | undefined, what: string): RegExp | null {
  if (source === undefined) return null;
  try {
    return new RegExp(source, 'i');
  } catch (error) {
    throw new Error(`${what}: invalid regular expression: ${(error as Error).message}`);
  }
}

function asNumber(value: FieldValue | undefined): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.length > 0 && value.length < 32) {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function same(a: FieldValue | undefined, b: string | number | boolean): boolean {
  if (a === b) return true;
  if (a === undefined || a === null) return false;
  return typeof b === 'number' ? asNumber(a) === b : String(a).toLowerCase() === String(b).toLowerCase();
}

export function compileFieldCondition(c: FieldCondition, where: string): FieldTest {
  // One closure with the tests inlined: it runs per log for every candidate rule.
  const re = regex(c.matches, `${where}: field ${c.field} matches`);
  const { equals, gt, gte, lt, lte } = c;
  const choices = c.in;
  const bounded = gt !== undefined || gte !== undefined || lt !== undefined || lte !== undefined;
  const needsValue = equals !== undefined || choices !== undefined || re !== null || bounded;
  return (v) => {
    if (v === undefined || v === null) return c.exists === false && !needsValue;
    if (c.exists === false) return false;
    if (equals !== undefined && !same(v, equals)) return false;
    if (choices !== undefined && !choices.some((x) => same(v, x))) return false;
    if (re !== null && !re.test(String(v))) return false;
    if (bounded) {
      const n = asNumber(v);
      if (n === null) return false;
      if (gt !== undefined && !(n > gt)) return false;
      if (gte !== undefined && !(n >= gte)) return false;
      if (lt !== undefined && !(n < lt)) return false;
      if (lte !== undefined && !(n <= lte)) return false;
    }
    return true;
  };
}

/** A validated pack rule → compiled; throws (with the rule's id) when a pattern does not compile. */
export function compilePackRule(
  rule: PackRule,
  source: 'pack' | 'user',
  file: string,
  familyReferences: readonly string[],
): CompiledRule {
  const m = rule.match;
  const where = `rule ${rule.id}`;
  if (rule.threshold?.groupBy.startsWith('match:') && m.message === undefined)
    throw new Error(
      `${where}: threshold.groupBy ${rule.threshold.groupBy} needs a match.message with that named group`,
    );
  const message = regex(m.message, `${where}: match.message`);
  if (rule.threshold?.groupBy.startsWith('match:') && message !== null) {
    const group = rule.threshold.groupBy.slice('match:'.length);
    if (!message.source.includes(`(?<${group}>`))
      throw new Error(
        `${where}: threshold.groupBy names the group "${group}", which match.message does not define`,
      );
  }
  return {
    ref: {
      id: rule.id,
      source,
      file,
      title: rule.title,
      author: null,
      sigmaId: null,
      advice: rule.advice,
      references: rule.references.length > 0 ? rule.references : [...familyReferences],
    },
    trigger: rule.trigger,
    level: rule.level,
    threshold: rule.threshold ?? null,
    belowThreshold: rule.belowThreshold ?? null,
    groupBy: rule.groupBy ?? DEFAULT_GROUP_BY,
    countPerHost: (rule.groupBy ?? DEFAULT_GROUP_BY).includes('host'),
    template: regex(m.template, `${where}: match.template`),
    notTemplate: regex(m.notTemplate, `${where}: match.notTemplate`),
    message,
    fields: (m.fields ?? []).map((c) => ({ name: c.field, test: compileFieldCondition(c, where) })),
    captures: (m.captures ?? []).map((c) => {
      if (message !== null && !message.source.includes(`(?<${c.field}>`))
        throw new Error(
          `${where}: match.captures names the group "${c.field}", which match.message does not define`,
        );
      return { name: c.field, test: compileFieldCondition(c, where) };
    }),
    errorType: regex(m.error?.type, `${where}: match.error.type`),
    errorRootCause: regex(m.error?.rootCause, `${where}: match.error.rootCause`),
    errorMessage: regex(m.error?.message, `${where}: match.error.message`),
    service: regex(m.service, `${where}: match.service`),
    levels: m.level === undefined ? null : new Set(m.level),
    predicate: null,
    predicateOnTemplate: false,
  };
}

/** A compiled predicate rule (Sigma) → the engine's shape, with `sigma` provenance. */
export function compilePredicateRule(rule: CompiledPredicateRule): CompiledRule {
  return {
    ref: {
      id: rule.id,
      source: 'sigma',
      file: rule.file,
      title: rule.title,
      author: rule.author,
      sigmaId: rule.sigmaId ?? rule.id,
      advice: rule.advice ?? rule.description ?? null,
      references: [...rule.references],
    },
    trigger: rule.trigger,
    level: rule.level,
    threshold: null,
    belowThreshold: null,
    groupBy: DEFAULT_GROUP_BY,
    countPerHost: true,
    template: null,
    notTemplate: null,
    message: null,
    fields: [],
    captures: [],
    errorType: null,
    errorRootCause: null,
    errorMessage: null,
    service: null,
    levels: null,
    predicate: (event) => rule.matches(event),
    predicateOnTemplate: rule.scope === 'template',
  };
}

/** Whether the rule's per-template part holds for this template text (cached by the engine). */
export function templateHolds(rule: CompiledRule, template: string): boolean {
  if (rule.template !== null && !rule.template.test(template)) return false;
  if (rule.notTemplate !== null && rule.notTemplate.test(template)) return false;
  if (rule.predicate !== null && rule.predicateOnTemplate)
    return rule.predicate({ message: template, fields: {} });
  return true;
}

/** The per-log part (`cause`: the log's error text, tried after the message); returns the message's regex match (for named groups), true, or false. */
export function logHolds(
  rule: CompiledRule,
  record: LogRecord,
  cause: string | null = null,
): RegExpExecArray | boolean {
  if (rule.levels !== null && (record.level === null || !rule.levels.has(record.level))) return false;
  if (rule.service !== null && (record.service === null || !rule.service.test(record.service))) return false;
  const fields = rule.fields;
  for (let i = 0; i < fields.length; i++) if (!fields[i]!.test(record.fields[fields[i]!.name])) return false;
  if (rule.errorType !== null || rule.errorRootCause !== null || rule.errorMessage !== null) {
    const e = record.error ?? errorFromFields(record.fields);
    if (e === null) return false;
    if (rule.errorType !== null && (e.type === null || !rule.errorType.test(e.type))) return false;
    if (rule.errorRootCause !== null && (e.rootCause === null || !rule.errorRootCause.test(e.rootCause)))
      return false;
    if (rule.errorMessage !== null && (e.message === null || !rule.errorMessage.test(e.message)))
      return false;
  }
  if (rule.predicate !== null && !rule.predicateOnTemplate) {
    if (!rule.predicate({ message: record.message, fields: record.fields })) return false;
  }
  if (rule.message !== null) {
    const m = rule.message.exec(record.message) ?? (cause === null ? null : rule.message.exec(cause));
    if (m === null) return false;
    for (const c of rule.captures) if (!c.test(m.groups?.[c.name])) return false;
    return m;
  }
  return true;
}

function text(v: FieldValue | undefined): string | null {
  return v === undefined || v === null ? null : String(v);
}

/** The exception as ECS fields (`error.type`, `error.message`), for records not normalised further. */
function errorFromFields(fields: LogRecord['fields']): NonNullable<LogRecord['error']> | null {
  const type = text(fields['error.type']);
  const message = text(fields['error.message']);
  if (type === null && message === null) return null;
  return { type, message, rootCause: null };
}
