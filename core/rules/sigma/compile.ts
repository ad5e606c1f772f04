/**
 * One parsed Sigma YAML document → a compiled rule, or a refusal with the reason. Never throws.
 */
import { compileDetection } from './detection';
import { EventView } from './event-view';
import { sigmaLevelOf, triggerOf, vigilLevelOf } from './level-map';
import { describeLogsource, logsourceOf, resolverFor } from './logsource';
import { needOf } from './need';
import { refuse, SigmaRefused } from './refusal';
import type { CompiledSigmaRule, SigmaEvent, SigmaRefusal } from './types';

export type CompileResult =
  { kind: 'loaded'; rule: CompiledSigmaRule } | { kind: 'refused'; refusal: SigmaRefusal };

/** Statuses the specification says must not run ("cannot be used in its current state", "replaced"). */
const UNUSABLE_STATUSES: ReadonlySet<string> = new Set(['deprecated', 'unsupported']);

/** One view shared by every rule: consecutive rules asked about one event lowercase its fields once. */
export const sharedView = new EventView();

function text(doc: Record<string, unknown>, key: string): string | null {
  const value = doc[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function strings(doc: Record<string, unknown>, key: string): string[] {
  const value = doc[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function compileDoc(doc: Record<string, unknown>, file: string): CompiledSigmaRule {
  if ('correlation' in doc)
    refuse('a correlation rule (it combines other rules over time), not evaluated by Vigil');
  const title = text(doc, 'title');
  if (title === null) refuse("the rule has no 'title'");
  const status = text(doc, 'status');
  if (status !== null && UNUSABLE_STATUSES.has(status)) refuse(`status ${status}`);
  const sigmaLevel = sigmaLevelOf(doc.level);
  const level = vigilLevelOf(sigmaLevel);
  const logsource = logsourceOf(doc.logsource);
  const { resolve } = resolverFor(logsource);
  const detection = compileDetection(doc.detection, resolve, describeLogsource(logsource));
  const tags = strings(doc, 'tags');
  const predicate = detection.predicate;
  // A rule that reads only fields is false for every event that has none of them (checked just
  // below): skip evaluating it for such events (most logs carry no access-log fields).
  const gate = detection.readsMessage ? null : detection.fields;
  if (predicate(new EventView().bind({ message: '', fields: {} }))) {
    // Vigil cannot tell which logs belong to a logsource: such a rule would fire on every log.
    refuse('the rule matches an empty log (no message, no fields): it would fire on every log');
  }
  const matches =
    gate === null || gate.length === 0
      ? (event: SigmaEvent): boolean => predicate(sharedView.bind(event))
      : (event: SigmaEvent): boolean => {
          const fields = event.fields;
          for (const name of gate) if (fields[name] !== undefined) return predicate(sharedView.bind(event));
          return false;
        };
  return {
    id: text(doc, 'id') ?? file,
    title,
    author: text(doc, 'author'),
    description: text(doc, 'description'),
    status,
    sigmaLevel,
    level,
    trigger: triggerOf(tags),
    references: strings(doc, 'references'),
    tags,
    logsource,
    file,
    reads: { message: detection.readsMessage, fields: detection.fields },
    need: needOf(predicate),
    matches,
  };
}

export function compileSigmaRule(doc: unknown, file: string): CompileResult {
  const fields =
    typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>) : null;
  try {
    if (fields === null) refuse('the file is not a YAML map');
    return { kind: 'loaded', rule: compileDoc(fields, file) };
  } catch (error) {
    const reason =
      error instanceof SigmaRefused
        ? error.reason
        : `could not compile: ${error instanceof Error ? error.message : String(error)}`;
    return {
      kind: 'refused',
      refusal: {
        file,
        id: fields === null ? null : text(fields, 'id'),
        title: fields === null ? null : text(fields, 'title'),
        author: fields === null ? null : text(fields, 'author'),
        reason,
      },
    };
  }
}
