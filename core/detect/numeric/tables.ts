/**
 * The numeric knowledge tables (numeric-fields.json, numeric-thresholds.json,
 * numeric-ceilings.json), validated once at load. An invalid entry is refused with its file,
 * index and reason (see `refusedEntries`) and the others still load; a test checks that the
 * shipped files have none.
 */
import { z } from 'zod';
import { AlertLevel } from '../../contract';
import ceilingsFile from './numeric-ceilings.json';
import fieldsFile from './numeric-fields.json';
import thresholdsFile from './numeric-thresholds.json';
import { secondsPerUnit } from './units';

export const DURATION_KINDS = ['request', 'query', 'gc', 'other'] as const;
export type DurationKind = (typeof DURATION_KINDS)[number];
export const RESOURCES = ['cpu', 'memory', 'disk'] as const;
export type Resource = (typeof RESOURCES)[number];

const FieldEntry = z.discriminatedUnion('meaning', [
  z.object({
    name: z.string().min(1),
    meaning: z.literal('duration'),
    unit: z.enum(['ns', 'us', 'ms', 's', 'unit-required']),
    kind: z.enum(DURATION_KINDS),
    source: z.string().min(1),
  }),
  z.object({
    name: z.string().min(1),
    meaning: z.literal('http_status'),
    unit: z.literal('status'),
    source: z.string().min(1),
  }),
  z.object({
    name: z.string().min(1),
    meaning: z.literal('percent'),
    unit: z.enum(['percent', 'ratio']),
    resource: z.enum(RESOURCES),
    source: z.string().min(1),
  }),
]);

const Threshold = z
  .object({
    id: z.string().min(1),
    kinds: z.array(z.enum(DURATION_KINDS)).min(1),
    above: z.number().positive(),
    level: AlertLevel,
    severeAbove: z.number().positive(),
    severeLevel: AlertLevel,
    minCount: z.number().int().min(1),
    reason: z.string().min(1),
    advice: z.string().min(1),
  })
  .refine((t) => t.severeAbove > t.above, { message: 'severeAbove must be above "above"' });

const Ceiling = z
  .object({
    resource: z.enum(RESOURCES),
    ceiling: z.number().gt(0).lte(100),
    severe: z.number().gt(0).lte(100),
    minSamples: z.number().int().min(1),
    level: AlertLevel,
    severeLevel: AlertLevel,
    reason: z.string().min(1),
    advice: z.string().min(1),
  })
  .refine((c) => c.severe >= c.ceiling, { message: 'severe must be at or above the ceiling' });

export type FieldMeaning =
  | { meaning: 'duration'; name: string; secondsPerUnit: number | null; kind: DurationKind }
  | { meaning: 'http_status'; name: string }
  | { meaning: 'percent'; name: string; scale: 'percent' | 'ratio'; resource: Resource };
export type Threshold = z.infer<typeof Threshold>;
export type Ceiling = z.infer<typeof Ceiling>;

export interface RefusedEntry {
  file: string;
  index: number;
  reason: string;
}

function validated<T>(file: string, entries: unknown, schema: z.ZodType<T>, refused: RefusedEntry[]): T[] {
  if (!Array.isArray(entries)) {
    refused.push({ file, index: -1, reason: 'the list of entries is missing' });
    return [];
  }
  const out: T[] = [];
  entries.forEach((entry, index) => {
    const parsed = schema.safeParse(entry);
    if (parsed.success) out.push(parsed.data);
    else {
      const issue = parsed.error.issues[0];
      refused.push({ file, index, reason: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` });
    }
  });
  return out;
}

export interface NumericTables {
  /** Lower-cased field or key name → its meaning. */
  fields: ReadonlyMap<string, FieldMeaning>;
  thresholds: readonly Threshold[];
  ceilings: ReadonlyMap<Resource, Ceiling>;
  refused: readonly RefusedEntry[];
}

/** Builds the tables from the three files' contents (exported so tests can feed broken ones). */
export function buildTables(files: {
  fields: unknown;
  thresholds: unknown;
  ceilings: unknown;
}): NumericTables {
  const refused: RefusedEntry[] = [];
  const fields = new Map<string, FieldMeaning>();
  const rawFields = (files.fields as { fields?: unknown }).fields;
  for (const f of validated('numeric-fields.json', rawFields, FieldEntry, refused)) {
    const key = f.name.toLowerCase();
    if (f.meaning === 'duration') {
      const per = f.unit === 'unit-required' ? null : (secondsPerUnit(f.unit) ?? null);
      fields.set(key, { meaning: 'duration', name: f.name, secondsPerUnit: per, kind: f.kind });
    } else if (f.meaning === 'http_status') {
      fields.set(key, { meaning: 'http_status', name: f.name });
    } else {
      fields.set(key, { meaning: 'percent', name: f.name, scale: f.unit, resource: f.resource });
    }
  }
  const thresholds = validated(
    'numeric-thresholds.json',
    (files.thresholds as { thresholds?: unknown }).thresholds,
    Threshold,
    refused,
  );
  const ceilings = new Map<Resource, Ceiling>();
  const rawCeilings = (files.ceilings as { ceilings?: unknown }).ceilings;
  for (const c of validated('numeric-ceilings.json', rawCeilings, Ceiling, refused))
    ceilings.set(c.resource, c);
  return { fields, thresholds, ceilings, refused };
}

let shipped: NumericTables | null = null;

/** The shipped tables, built once; refused entries are reported once on stderr. */
export function numericTables(): NumericTables {
  if (shipped === null) {
    shipped = buildTables({ fields: fieldsFile, thresholds: thresholdsFile, ceilings: ceilingsFile });
    for (const r of shipped.refused) {
      console.error(`[numeric] refused entry ${r.index} of ${r.file}: ${r.reason}`);
    }
  }
  return shipped;
}
