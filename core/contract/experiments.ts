/**
 * A/B model testing (issue 20): the model registry, experiments (arms, split, guarded automatic
 * promotion and rollback), their live comparison and decision log, and verdicts on alerts.
 */
import { z } from 'zod';
import { AlertLevel, ModelInfo, Percentiles } from './data';

/** Leave-one-system-out macro-F1 of a head, from the model folder's EVAL.md summary table. */
export const EvalFigure = z.object({
  head: z.string(),
  systems: z.number().int(),
  model: z.number(),
  baseline: z.number(),
});
export type EvalFigure = z.infer<typeof EvalFigure>;

/** A model found in the models folder or the user's own models folder. */
export const RegisteredModel = ModelInfo.extend({
  /** How an experiment names it: the manifest id, prefixed `user/` for the user's folder. */
  ref: z.string(),
  folder: z.enum(['models', 'user']),
  labels: z.record(z.string(), z.array(z.string())),
  /** `training.date` of the manifest entry (ms), null when the manifest does not say. */
  trainedAt: z.number().nullable(),
  /** The model file's modification time (ms), null when unreadable. */
  fileModifiedAt: z.number().nullable(),
  /** Figures from the folder's EVAL.md when it describes this model, else []. */
  eval: z.array(EvalFigure),
  /** The manifest entry's own `evaluation` block (free form), or null. */
  evaluation: z.record(z.string(), z.unknown()).nullable(),
  verified: z.boolean(),
  /** Why verification failed, or null. */
  verifyError: z.string().nullable(),
  /** The engine's active model (what decides when no experiment runs). */
  active: z.boolean(),
});
export type RegisteredModel = z.infer<typeof RegisteredModel>;

export const SPLIT_BY = ['percent', 'service', 'host', 'template'] as const;
export const SplitBy = z.enum(SPLIT_BY);

export const AutoPromotion = z.strictObject({
  /** Promote automatically when every guard holds (default false: promotion is manual). */
  enabled: z.boolean().default(false),
  /** Verdicts each arm needs before any automatic promotion. */
  minVerdicts: z.number().int().min(1).max(1_000_000).default(200),
  /** Significance of the one-sided two-proportion z-test on the noise rates. */
  significance: z.number().gt(0).lt(0.5).default(0.05),
  /** The candidate's batch latency p99 may be at most this many times the control's. */
  maxLatencyRatio: z.number().min(1).max(100).default(2),
  /** The candidate's alerts per 1,000 logs may be at most this many times the control's. */
  maxAlertRateRatio: z.number().min(1).max(100).default(1.5),
  /** After a promotion, how long the new model is watched for automatic rollback. */
  watchMs: z
    .number()
    .int()
    .min(1000)
    .max(24 * 3600_000)
    .default(5 * 60_000),
  /** During the watch: the promoted model's share of logs rated error may be at most this (null: the control's rate plus as much again, at least 5 points more, at most halfway to 100 %). */
  maxErrorRate: z.number().min(0).max(1).nullable().default(null),
  /** During the watch: its batch latency p99 may be at most this (null: maxLatencyRatio × the control's). */
  maxLatencyP99Ms: z.number().positive().nullable().default(null),
  /** Logs the promoted model must decide in the watch before the bounds are judged. */
  minWatchLogs: z.number().int().min(1).default(200),
});
export type AutoPromotion = z.infer<typeof AutoPromotion>;

export const ExperimentCreate = z.strictObject({
  name: z.string().min(1).max(128).optional(),
  /** Model refs (RegisteredModel.ref); the first is the control. */
  arms: z.array(z.string().min(1).max(160)).min(2).max(4),
  split: z.strictObject({
    by: SplitBy.default('percent'),
    /** Share of each arm in percent (default: equal shares). */
    weights: z.array(z.number().min(0).max(100)).optional(),
  }),
  /** Every arm scores every log (agreement is measured); only the log's own arm decides. */
  shadow: z.boolean().default(true),
  auto: AutoPromotion.optional(),
});
export type ExperimentCreate = z.input<typeof ExperimentCreate>;

const HeadCounts = z.record(z.string(), z.record(z.string(), z.number()));

export const ArmReport = z.object({
  ref: z.string(),
  model: ModelInfo,
  role: z.enum(['control', 'candidate']),
  /** Share of the split, in percent. */
  weight: z.number(),
  /** Logs this arm decided. */
  logs: z.number().int(),
  /** Distinct masked messages this arm scored (cached answers are not rescored). */
  scored: z.number().int(),
  /** Latency of one classify call (one batch's distinct messages). */
  latencyMs: Percentiles,
  /** Messages scored per second of this arm's inference time. */
  throughput: z.number(),
  /** Failed classify calls (their logs were decided by the control). */
  failures: z.number().int(),
  /** head → label → logs decided with that label. */
  classes: HeadCounts,
  /** Share of messages on which this arm agrees with the control, per head (null for the control or before any comparison). */
  agreement: z.record(z.string(), z.number()).nullable(),
  compared: z.number().int(),
  alerts: z.object({
    total: z.number().int(),
    byLevel: z.record(AlertLevel, z.number().int()),
    per1000: z.number(),
    per1000ByLevel: z.record(AlertLevel, z.number()),
  }),
  verdicts: z.object({ useful: z.number().int(), noise: z.number().int(), noiseRate: z.number().nullable() }),
});
export type ArmReport = z.infer<typeof ArmReport>;

export const ExperimentDecision = z.object({
  at: z.number(),
  action: z.enum(['start', 'promote', 'confirm', 'rollback', 'stop']),
  by: z.enum(['auto', 'manual']),
  who: z.string(),
  /** The arm the action concerns (the promoted one, the one rolled back), or null. */
  arm: z.string().nullable(),
  reason: z.string(),
  figures: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
});
export type ExperimentDecision = z.infer<typeof ExperimentDecision>;

export const EXPERIMENT_STATES = ['running', 'promoted', 'completed', 'rolled-back', 'stopped'] as const;

export const Experiment = z.object({
  id: z.string(),
  name: z.string(),
  state: z.enum(EXPERIMENT_STATES),
  createdAt: z.number(),
  split: z.object({ by: SplitBy, weights: z.array(z.number()) }),
  shadow: z.boolean(),
  auto: z.object({
    enabled: z.boolean(),
    minVerdicts: z.number(),
    significance: z.number(),
    maxLatencyRatio: z.number(),
    maxAlertRateRatio: z.number(),
    watchMs: z.number(),
    maxErrorRate: z.number().nullable(),
    maxLatencyP99Ms: z.number().nullable(),
    minWatchLogs: z.number(),
  }),
  arms: z.array(ArmReport),
  /** The arm deciding every log after a promotion, else null (the split decides). */
  promoted: z.string().nullable(),
  promotedAt: z.number().nullable(),
  /** Until when the promoted arm is watched for automatic rollback. */
  watchUntil: z.number().nullable(),
  /** The promoted arm's figures since the promotion (for the rollback bounds). */
  watch: z
    .object({
      logs: z.number().int(),
      errorRate: z.number(),
      latencyP99Ms: z.number(),
      failures: z.number().int(),
    })
    .nullable(),
  /** The last automatic evaluation: why it did or did not promote. */
  lastEvaluation: z.object({ at: z.number(), outcome: z.string(), reasons: z.array(z.string()) }).nullable(),
  decisions: z.array(ExperimentDecision),
});
export type Experiment = z.infer<typeof Experiment>;

export const ExperimentAction = z.strictObject({
  id: z.string().min(1).max(64),
  action: z.enum(['promote', 'stop', 'rollback']),
  /** For promote: the arm to promote (default: the first candidate). */
  arm: z.string().min(1).max(160).optional(),
});
export type ExperimentAction = z.infer<typeof ExperimentAction>;

export const VERDICTS = ['useful', 'noise'] as const;
export const VerdictRequest = z.strictObject({ id: z.string().min(1).max(128), verdict: z.enum(VERDICTS) });
export type VerdictRequest = z.infer<typeof VerdictRequest>;
