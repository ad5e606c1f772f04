/**
 * Calm background traffic at a steady rate: real Loghub lines of systems running normally, and
 * healthy synthetic lines of the catalogue's families (`calm/*.yaml`: 200 answers with normal
 * request times, routine logins, routine database and cluster info lines), from the same
 * documented formats as the incidents.
 *
 * Loghub systems left out on purpose, because their samples record real trouble (an evaluation of
 * false alarms must not count a true alarm as false): OpenSSH and Linux (brute-force logins),
 * BGL, HPC and Thunderbird (hardware and kernel alerts), Hadoop (injected machine and network
 * failures), Zookeeper (mostly broken-connection warnings), Apache (an error log in an error state).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { seededRandom, type Random } from '../../../core/ingest/demo-random';
import { rawLines } from '../../fixtures/loghub';
import { CatalogueError, VarSchema } from './catalogue';
import type { TimedLine } from './schedule';
import { compileTemplate, drawVar, render, type CompiledTemplate, type VarSpec } from './template';

export const CALM_LOGHUB_SYSTEMS = [
  'HDFS',
  'Spark',
  'OpenStack',
  'HealthApp',
  'Android',
  'Windows',
  'Mac',
  'Proxifier',
] as const;

export const CALM_DIR = join(__dirname, 'calm');

const StreamSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    weight: z.number().positive(),
    source: z.string().min(10),
    vars: z.record(z.string(), VarSchema).default({}),
    formats: z
      .object({
        text: z.array(z.string()).min(1).optional(),
        json: z.array(z.string()).min(1).optional(),
        logfmt: z.array(z.string()).min(1).optional(),
      })
      .strict(),
  })
  .strict();

const CalmFileSchema = z.object({ family: z.string(), streams: z.array(StreamSchema).min(1) }).strict();

export interface CalmStream {
  id: string;
  weight: number;
  vars: Record<string, VarSpec>;
  /** Each variant is the lines of one event in one format. */
  variants: CompiledTemplate[][];
}

export function parseCalmFile(file: string, text: string): CalmStream[] {
  const parsed = CalmFileSchema.safeParse(parseYaml(text));
  if (!parsed.success)
    throw new CatalogueError(
      `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data.streams.map((s) => {
    const variants = Object.values(s.formats).map((lines) => lines.map((l) => compileTemplate(l.trimEnd())));
    if (variants.length === 0) throw new CatalogueError(`${file}: ${s.id} has no format`);
    for (const t of variants.flat())
      for (const n of t.names)
        if (!n.startsWith('ts.') && s.vars[n] === undefined)
          throw new CatalogueError(`${file}: ${s.id}: {${n}} is not a variable`);
    return { id: s.id, weight: s.weight, vars: s.vars, variants };
  });
}

export function loadCalmStreams(dir = CALM_DIR): CalmStream[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => parseCalmFile(f, readFileSync(join(dir, f), 'utf8')));
}

export interface CalmOptions {
  seed: number;
  /** Logs per second of virtual time. */
  ratePerSecond: number;
  /** Share of calm lines taken from Loghub (the rest synthetic). */
  loghubShare: number;
}

export const DEFAULT_CALM: CalmOptions = { seed: 7, ratePerSecond: 6, loghubShare: 0.5 };

/** Produces calm lines for consecutive time slices; bounded memory (the sources, not the stream). */
export class CalmTraffic {
  private readonly random: Random;
  private readonly loghub: string[][];
  private readonly cursors: number[];
  private readonly totalWeight: number;
  private carry = 0;

  constructor(
    private readonly streams: readonly CalmStream[],
    private readonly options: CalmOptions = DEFAULT_CALM,
    loghub: string[][] = CALM_LOGHUB_SYSTEMS.map((s) => rawLines(s)),
  ) {
    this.random = seededRandom(options.seed);
    this.loghub = loghub;
    this.cursors = loghub.map(() => 0);
    this.totalWeight = streams.reduce((sum, s) => sum + s.weight, 0);
    if (streams.length === 0 && options.loghubShare < 1) throw new Error('no calm streams');
  }

  /** The calm lines in [from, to), in time order. */
  slice(from: number, to: number): TimedLine[] {
    const exact = ((to - from) / 1000) * this.options.ratePerSecond + this.carry;
    const count = Math.floor(exact);
    this.carry = exact - count;
    const out: TimedLine[] = [];
    for (let i = 0; i < count; i++) {
      const at = from + Math.floor(((i + this.random.next()) / count) * (to - from));
      if (this.loghub.length > 0 && this.random.next() < this.options.loghubShare)
        out.push({ at, text: this.nextLoghub() });
      else for (const text of this.nextSynthetic(at)) out.push({ at, text });
    }
    return out;
  }

  private nextLoghub(): string {
    const s = this.random.int(this.loghub.length);
    const lines = this.loghub[s]!;
    const line = lines[this.cursors[s]!]!;
    this.cursors[s] = (this.cursors[s]! + 1) % lines.length;
    return line;
  }

  private nextSynthetic(at: number): string[] {
    let pick = this.random.next() * this.totalWeight;
    let stream = this.streams[0]!;
    for (const s of this.streams) {
      pick -= s.weight;
      if (pick < 0) {
        stream = s;
        break;
      }
    }
    const variant = stream.variants[this.random.int(stream.variants.length)]!;
    const drawn = new Map<string, string>();
    const value = (name: string): string | undefined => {
      let v = drawn.get(name);
      if (v === undefined) {
        const spec = stream.vars[name];
        if (spec === undefined) return undefined;
        v = drawVar(spec, this.random, 0);
        drawn.set(name, v);
      }
      return v;
    };
    return variant.map((t) => render(t, value, at));
  }
}
