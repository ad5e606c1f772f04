/**
 * What the UI shows as logs arrive: rows of the live tail and the mined patterns with their trend.
 * Re-exported by data.ts.
 */
import { z } from 'zod';
import { LogError } from './log-record';
import { Category, LogFormat, LogLevel, Severity } from './vocabulary';

/** A row of the live tail the UI shows (sampled and batched, never one message per log). */
export const LiveLog = z.object({
  time: z.number(),
  topic: z.string(),
  partition: z.number().int(),
  offset: z.string(),
  service: z.string().nullable(),
  level: LogLevel.nullable(),
  message: z.string(),
  templateId: z.string(),
  severity: Severity,
  category: Category,
  /** What the parser understood (shown in the log detail; absent from older producers of rows). */
  host: z.string().nullable().optional(),
  format: LogFormat.optional(),
  producer: z.string().nullable().optional(),
  error: LogError.nullable().optional(),
});
export type LiveLog = z.infer<typeof LiveLog>;

export const PatternSummary = z.object({
  templateId: z.string(),
  template: z.string(),
  count: z.number(),
  firstSeen: z.number(),
  lastSeen: z.number(),
  /** Counts per recent interval, oldest first, for the trend sparkline. */
  trend: z.array(z.number()),
  isNew: z.boolean(),
});
export type PatternSummary = z.infer<typeof PatternSummary>;
