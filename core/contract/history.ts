/**
 * The local history of analyzed logs (core/history, DuckDB): what a search asks and answers, the
 * per-minute histogram, and the paged pattern query. Shared by the engine, the host and the renderer.
 */
import { z } from 'zod';
import { Alert, LiveLog, LogLevel, PatternSummary } from './data';

/** Hard limits on one history request; larger ones are refused, not truncated. */
export const HISTORY_LIMITS = {
  /** Rows one search returns at most (the total is counted beyond it). */
  queryMaxRows: 1000,
  queryDefaultRows: 200,
  /** Minutes one histogram spans at most (a week). */
  histogramMaxMinutes: 7 * 24 * 60,
  textMaxChars: 512,
} as const;

/** One stored log: the live tail's row plus the alert it fed, if any. */
export const HistoryLog = LiveLog.extend({
  /** The id of the alert this log raised or joined (null: none). */
  alertId: z.string().nullable(),
});
export type HistoryLog = z.infer<typeof HistoryLog>;

const filterText = z.string().min(1).max(256);

/** A search of the history: a time window (ms since the epoch, log time) and optional filters. */
export const LogQuery = z.strictObject({
  from: z.number().int().nonnegative(),
  to: z.number().int().nonnegative(),
  service: filterText.optional(),
  host: filterText.optional(),
  level: LogLevel.optional(),
  /** A template id (as the Patterns view shows it). */
  template: filterText.optional(),
  /** Case-insensitive substring of the message. */
  text: z.string().min(1).max(HISTORY_LIMITS.textMaxChars).optional(),
  limit: z.number().int().positive().max(HISTORY_LIMITS.queryMaxRows).optional(),
});
export type LogQuery = z.infer<typeof LogQuery>;

export const LogQueryResult = z.object({
  /** Newest first, at most `limit`. */
  logs: z.array(HistoryLog),
  /** How many logs match in all. */
  total: z.number().int(),
});
export type LogQueryResult = z.infer<typeof LogQueryResult>;

/** Counts per minute of log time, by level (`none`: the log carried no level). */
export const LogHistogram = z.object({
  bucketMs: z.number().int(),
  /** Start of each minute that has logs, ascending. */
  minutes: z.array(z.number()),
  /** level → counts parallel to `minutes`. */
  byLevel: z.record(z.string(), z.array(z.number())),
  total: z.number().int(),
});
export type LogHistogram = z.infer<typeof LogHistogram>;

/** `patterns:list` request: the original `{ limit }` still works; paging and filters are additive. */
export const PatternQuery = z.strictObject({
  limit: z.number().int().positive().max(5000).optional(),
  offset: z.number().int().nonnegative().optional(),
  /** Case-insensitive substring of the template text. */
  text: z.string().min(1).max(256).optional(),
  /** Only templates seen from this service. */
  service: filterText.optional(),
  /** i18: only this template (a merged template's id finds its survivor), to open one pattern. */
  templateId: filterText.optional(),
});
export type PatternQuery = z.infer<typeof PatternQuery>;

/** A pattern with what the Patterns view shows beyond the summary (absent from older engines). */
export const PatternDetail = PatternSummary.extend({
  /** level → count (`none`: no level). */
  levels: z.record(z.string(), z.number()).optional(),
  /** The services seen with it, most frequent first (at most 10). */
  services: z.array(z.object({ value: z.string(), count: z.number() })).optional(),
});
export type PatternDetail = z.infer<typeof PatternDetail>;

export const PatternPage = z.object({
  patterns: z.array(PatternDetail),
  /** How many templates match the filters in all (absent from older engines). */
  total: z.number().int().optional(),
});
export type PatternPage = z.infer<typeof PatternPage>;

/** i18: `patterns:alerts`: every alert of the engine's store whose evidence holds a template. */
export const PatternAlertsQuery = z.strictObject({
  templateId: filterText,
  limit: z.number().int().positive().max(5000).optional(),
});
export type PatternAlertsQuery = z.infer<typeof PatternAlertsQuery>;

export const PatternAlerts = z.object({
  /** The template id the alerts were matched on (the survivor, when the asked one was merged). */
  templateId: z.string(),
  /** Most recent occurrence first, at most `limit`. */
  alerts: z.array(Alert),
  /** How many alerts hold the template in all. */
  total: z.number().int(),
});
export type PatternAlerts = z.infer<typeof PatternAlerts>;

/** The state of the history for the status and the Settings view. */
export const HistoryState = z.object({
  enabled: z.boolean(),
  /** Why it is off or failing (null: fine). */
  reason: z.string().nullable(),
  storedLogs: z.number().int(),
  diskBytes: z.number(),
  /** Logs not stored because the writer was behind (counted since start). */
  dropped: z.number().int(),
  /** Logs deleted to keep within the age and size bounds (since start). */
  evicted: z.number().int(),
});
export type HistoryState = z.infer<typeof HistoryState>;
