/**
 * One log through analysis: the parsed record (with the exception it carries), what analysis adds
 * to it, and the result `analyze` returns per input log. Re-exported by data.ts.
 */
import { z } from 'zod';
import { Category, LogFormat, LogLevel, Severity } from './vocabulary';

export const FieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type FieldValue = z.infer<typeof FieldValue>;

/**
 * An exception carried by a log (ECS `error.*`, logfmt `err=`, a Java/Python/Go stack trace):
 * its type, message and root cause (the last "Caused by", the innermost cause of a chain).
 */
export const LogError = z.object({
  type: z.string().nullable(),
  message: z.string().nullable(),
  rootCause: z.string().nullable(),
});
export type LogError = z.infer<typeof LogError>;

/** One log after parsing: the normalized record every later stage works on. */
export const LogRecord = z.object({
  /** Event time in epoch milliseconds: from the log when it carries one, else the Kafka timestamp. */
  time: z.number(),
  topic: z.string(),
  partition: z.number().int(),
  offset: z.string(),
  service: z.string().nullable(),
  host: z.string().nullable(),
  level: LogLevel.nullable(),
  message: z.string(),
  fields: z.record(z.string(), FieldValue),
  format: LogFormat,
  /** The exception the log carries, when it carries one (absent or null otherwise). */
  error: LogError.nullable().optional(),
});
export type LogRecord = z.infer<typeof LogRecord>;

export const ScoreMap = z.record(z.string(), z.number());
export type ScoreMap = z.infer<typeof ScoreMap>;

/** What analysis adds to a record. */
export const Analysis = z.object({
  templateId: z.string(),
  template: z.string(),
  params: z.array(z.string()),
  severity: Severity,
  category: Category,
  scores: z.object({ severity: ScoreMap, category: ScoreMap }),
  /** `model` when an ONNX model classified the log, `rules` when the keyword fallback did. */
  classifiedBy: z.enum(['model', 'rules']),
  /** A/B model testing (i20): the experiment arm whose model decided this log, when one runs. */
  arm: z.string().optional(),
});
export type Analysis = z.infer<typeof Analysis>;

/**
 * What the parser understood of one log: the normalised record an analyze result carries beside
 * the analysis, so a user can check that Vigil reads their format (docs/formats.md).
 */
export const AnalyzedRecord = z.object({
  /** Epoch ms: from the log when it carries a readable time, else the time of the request. */
  time: z.number(),
  service: z.string().nullable(),
  host: z.string().nullable(),
  level: LogLevel.nullable(),
  message: z.string(),
  format: LogFormat,
  /** The producer shape recognised (`log4j2-ecs`, `pino`, `heroku-router` …), null for the generic reading. */
  producer: z.string().nullable(),
  error: LogError.nullable(),
});
export type AnalyzedRecord = z.infer<typeof AnalyzedRecord>;

/** A result of `analyze` (REST `/api/ml/analyze` and the CLI): one per input log, in input order. */
export const AnalyzeResult = z.object({
  record: AnalyzedRecord,
  level: LogLevel.nullable(),
  category: Category,
  severity: Severity,
  templateId: z.string(),
  template: z.string(),
  scores: z.object({ severity: ScoreMap, category: ScoreMap }),
});
export type AnalyzeResult = z.infer<typeof AnalyzeResult>;
