/**
 * The classification models as the engine reports them: the active model, why none is, and the
 * shadow comparison of a candidate. Re-exported by data.ts.
 */
import { z } from 'zod';
import { Percentiles } from './stats';

export const ModelHeadInfo = z.object({ name: z.string(), labels: z.array(z.string()) });
export const ModelInfo = z.object({
  id: z.string(),
  version: z.string(),
  file: z.string(),
  sha256: z.string(),
  heads: z.array(ModelHeadInfo),
});
export type ModelInfo = z.infer<typeof ModelInfo>;

export const ShadowReport = z.object({
  candidate: ModelInfo,
  compared: z.number(),
  agreement: z.record(z.string(), z.number()),
  /** head → "active→candidate" label pair → count */
  disagreements: z.record(z.string(), z.record(z.string(), z.number())),
  latencyMs: z.object({ active: Percentiles, candidate: Percentiles }),
});
export type ShadowReport = z.infer<typeof ShadowReport>;

export const ModelStatus = z.object({
  active: ModelInfo.nullable(),
  /** Why no model is active, or why the last load was rejected. */
  error: z.string().nullable(),
  shadow: ShadowReport.nullable(),
});
export type ModelStatus = z.infer<typeof ModelStatus>;
