/**
 * models/manifest.json: the models Vigil can load, which one is active by default, and for each
 * what a loader must know to run it safely (file, sha256, input/output names, head labels,
 * preprocessing). A model exported by any tool can be dropped in by adding an entry that follows
 * the contract in models/README.md.
 */
import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import type { ModelInfo } from '../contract';

export const MANIFEST_FILE = 'manifest.json';

/** Preprocessing the classifier knows how to apply: core/patterns/mask.ts maskMessage. */
export const SUPPORTED_PREPROCESSING = ['vigil-mask-v1'] as const;

export const ManifestHead = z.object({
  /** Head name: `severity` or `category`. */
  name: z.string().min(1),
  /** Name of the graph output holding this head's probabilities, shape [N, labels.length]. */
  output: z.string().min(1),
  /** Label of each output column, in column order. */
  labels: z.array(z.string().min(1)).min(2),
});
export type ManifestHead = z.infer<typeof ManifestHead>;

export const ManifestModel = z.object({
  id: z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, 'id: letters, digits, . _ - only'),
  version: z.string().min(1).max(64),
  /** Path of the .onnx file relative to the manifest's folder; may not leave that folder. */
  file: z
    .string()
    .min(1)
    .refine(
      (f) => !path.isAbsolute(f) && !f.split(/[\\/]/).includes('..'),
      'file must be a relative path inside the models folder',
    ),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lower-case hex digits'),
  input: z.object({
    name: z.string().min(1),
    type: z.literal('string'),
    shape: z.array(z.union([z.string(), z.number()])),
  }),
  preprocessing: z.enum(SUPPORTED_PREPROCESSING),
  heads: z.array(ManifestHead).min(1),
  description: z.string().optional(),
  training: z.record(z.string(), z.unknown()).optional(),
  evaluation: z.record(z.string(), z.unknown()).optional(),
});
export type ManifestModel = z.infer<typeof ManifestModel>;

export const Manifest = z
  .object({
    schemaVersion: z.literal(1),
    /** Id of the model to activate at start. */
    active: z.string().nullable(),
    models: z.array(ManifestModel),
  })
  .refine((m) => new Set(m.models.map((x) => x.id)).size === m.models.length, 'model ids must be unique')
  .refine(
    (m) => m.active === null || m.models.some((x) => x.id === m.active),
    'active must name a listed model',
  );
export type Manifest = z.infer<typeof Manifest>;

export class ManifestError extends Error {}

/** Reads and validates a manifest; every problem becomes a ManifestError naming the file. */
export function readManifest(file: string): Manifest {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ManifestError(`cannot read model manifest ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ManifestError(`model manifest ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = Manifest.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new ManifestError(`model manifest ${file} is invalid: ${problems}`);
  }
  return parsed.data;
}

export function findModel(manifest: Manifest, id: string): ManifestModel {
  const model = manifest.models.find((m) => m.id === id);
  if (!model)
    throw new ManifestError(
      `no model with id ${JSON.stringify(id)} in the manifest (known: ${manifest.models.map((m) => m.id).join(', ') || 'none'})`,
    );
  return model;
}

export function modelInfo(model: ManifestModel): ModelInfo {
  return {
    id: model.id,
    version: model.version,
    file: model.file,
    sha256: model.sha256,
    heads: model.heads.map((h) => ({ name: h.name, labels: [...h.labels] })),
  };
}
