/**
 * The incident catalogue: `catalogue/*.yaml`, one file per software family, validated on load.
 * A file that does not validate is refused with its name and the reason (the evaluation does not
 * run on part of its catalogue silently).
 *
 * Each incident states what it IS (kind, description, the documentation or source its lines come
 * from) and what an on-call engineer should get (the expected trigger and the minimum level, from
 * the severity ladder in tests/eval/incidents/README.md), plus its lines in at least two formats:
 * one text format (`text`: plain or syslog as the software writes it) and one structured format
 * (`json` or `logfmt`: as a shipper or logging framework writes it).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ALERT_LEVELS, ALERT_TRIGGERS } from '../../../core/contract';
import { compileTemplate, GENERATOR_KEYS, type CompiledTemplate, type VarSpec } from './template';

export const FORMATS = ['text', 'json', 'logfmt'] as const;
export type FormatName = (typeof FORMATS)[number];

export const VarSchema = z
  .object({
    int: z.tuple([z.number().int(), z.number().int()]).optional(),
    num: z.tuple([z.number(), z.number()]).optional(),
    digits: z.number().int().min(0).max(6).optional(),
    pick: z
      .array(z.union([z.string(), z.number()]))
      .min(1)
      .optional(),
    ip: z
      .string()
      .regex(/^\d{1,3}(\.\d{1,3}){0,3}$/)
      .optional(),
    hex: z.number().int().min(1).max(64).optional(),
    seq: z.tuple([z.number().int(), z.number().int()]).optional(),
    fixed: z.boolean().optional(),
  })
  .strict()
  .refine((v) => GENERATOR_KEYS.filter((k) => v[k] !== undefined).length === 1, {
    message: `a variable needs exactly one of ${GENERATOR_KEYS.join(', ')}`,
  });

const Lines = z.array(z.string().min(1)).min(1);

const IncidentSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    kind: z.string().min(3),
    description: z.string().min(10),
    source: z.string().min(10),
    expect: z.object({ trigger: z.enum(ALERT_TRIGGERS), level: z.enum(ALERT_LEVELS) }).strict(),
    /** Why an expectation or a line was corrected after it was written (grounded in the ladder or the format's documentation). */
    note: z.string().min(10).optional(),
    /** `count` repetitions of the lines, one every `everyMs` (±30 % jitter). */
    repeat: z.object({ count: z.number().int().min(1).max(2000), everyMs: z.number().min(1) }).strict(),
    /** Service (or program) name written into the lines, for the record. */
    service: z.string().min(1),
    vars: z.record(z.string(), VarSchema).default({}),
    formats: z
      .object({ text: Lines.optional(), json: Lines.optional(), logfmt: Lines.optional() })
      .strict()
      .refine((f) => f.text !== undefined && (f.json !== undefined || f.logfmt !== undefined), {
        message: 'an incident needs a text format and a json or logfmt format',
      }),
  })
  .strict();

const FileSchema = z
  .object({ family: z.string().regex(/^[a-z0-9-]+$/), incidents: z.array(IncidentSchema).min(1) })
  .strict();

export interface Incident {
  id: string;
  family: string;
  kind: string;
  description: string;
  source: string;
  expect: { trigger: (typeof ALERT_TRIGGERS)[number]; level: (typeof ALERT_LEVELS)[number] };
  repeat: { count: number; everyMs: number };
  service: string;
  vars: Record<string, VarSpec>;
  formats: Partial<Record<FormatName, CompiledTemplate[]>>;
  file: string;
}

export class CatalogueError extends Error {}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ');
}

/** Parses and validates one catalogue file's text; throws a CatalogueError naming the file. */
export function parseCatalogueFile(file: string, text: string): Incident[] {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new CatalogueError(`${file}: not valid YAML: ${(error as Error).message}`);
  }
  const parsed = FileSchema.safeParse(data);
  if (!parsed.success) throw new CatalogueError(`${file}: ${describeIssues(parsed.error)}`);
  return parsed.data.incidents.map((raw) => {
    const formats: Partial<Record<FormatName, CompiledTemplate[]>> = {};
    for (const name of FORMATS) {
      const lines = raw.formats[name];
      if (lines === undefined) continue;
      formats[name] = lines.map((line) => {
        let compiled: CompiledTemplate;
        try {
          compiled = compileTemplate(line.trimEnd());
        } catch (error) {
          throw new CatalogueError(`${file}: ${raw.id}.${name}: ${(error as Error).message}`);
        }
        for (const n of compiled.names) {
          if (!n.startsWith('ts.') && raw.vars[n] === undefined)
            throw new CatalogueError(`${file}: ${raw.id}.${name}: {${n}} is not a variable of the incident`);
        }
        return compiled;
      });
    }
    return { ...raw, family: parsed.data.family, vars: raw.vars, formats, file };
  });
}

export const CATALOGUE_DIR = join(__dirname, 'catalogue');

/** Every incident of every `*.yaml` in `dir`, in file order; ids must be unique. */
export function loadCatalogue(dir = CATALOGUE_DIR): Incident[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  if (files.length === 0) throw new CatalogueError(`${dir}: no catalogue files`);
  const incidents = files.flatMap((f) => parseCatalogueFile(f, readFileSync(join(dir, f), 'utf8')));
  const seen = new Set<string>();
  for (const incident of incidents) {
    if (seen.has(incident.id))
      throw new CatalogueError(`${incident.file}: duplicate incident id ${incident.id}`);
    seen.add(incident.id);
  }
  return incidents;
}
