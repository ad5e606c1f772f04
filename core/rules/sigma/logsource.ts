/**
 * Which Sigma logsources Vigil reads and how their field names map onto Vigil's (ECS) field names:
 * the table is data (`logsources.json`); this module only looks a rule's logsource up in it.
 */
import table from './logsources.json';
import { refuse } from './refusal';
import type { FieldResolver } from './detection';
import type { SigmaLogsource } from './types';

interface LogsourceEntry {
  name: string;
  category: (string | null)[];
  product: (string | null)[];
  service: (string | null)[];
  refuse?: string;
  fields?: Record<string, string>;
}

export const LOGSOURCES: readonly LogsourceEntry[] = (table as { logsources: LogsourceEntry[] }).logsources;

function accepts(allowed: readonly (string | null)[], value: string | null): boolean {
  return allowed.includes('*') || allowed.includes(value);
}

export function describeLogsource(ls: SigmaLogsource): string {
  const parts = (['category', 'product', 'service'] as const)
    .filter((key) => ls[key] !== null)
    .map((key) => `${key}: ${ls[key]}`);
  return parts.length === 0 ? '(none)' : parts.join(', ');
}

export function logsourceOf(raw: unknown): SigmaLogsource {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    refuse("the rule has no 'logsource' map");
  const text = (key: string): string | null => {
    const value = (raw as Record<string, unknown>)[key];
    return typeof value === 'string' ? value.toLowerCase() : null;
  };
  return { category: text('category'), product: text('product'), service: text('service') };
}

/** The field resolver for a logsource, or a refusal naming why Vigil cannot read it. */
export function resolverFor(ls: SigmaLogsource): { entry: string; resolve: FieldResolver } {
  const entry = LOGSOURCES.find(
    (e) =>
      accepts(e.category, ls.category) && accepts(e.product, ls.product) && accepts(e.service, ls.service),
  );
  if (entry === undefined) refuse(`logsource ${describeLogsource(ls)}: Vigil has no mapping for it`);
  if (entry.refuse !== undefined) refuse(`logsource ${describeLogsource(ls)}: ${entry.refuse}`);
  const fields = entry.fields ?? {};
  return {
    entry: entry.name,
    resolve: (name) => (Object.hasOwn(fields, name) ? (fields[name] as string) : null),
  };
}
