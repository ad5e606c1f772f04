/**
 * The records on a cluster's own topics (docs/scaling.md), validated with zod where they are read:
 * a record from Kafka is untrusted input. Alert evidence is what one analyzer saw of one alert in
 * one batch of logs; alert state is the fold of all of it; an action is a person's decision.
 */
import { z } from 'zod';
import { AlertLevel, AlertRuleRef, AlertTrigger, LocationCount, MAX_LOCATION_VALUES } from '../contract';

/** Samples kept per evidence record and per alert (the earliest by time, then text). */
export const MAX_SAMPLES = 5;
const MAX_SAMPLE_CHARS = 4096;

export const TimedSample = z.object({ time: z.number(), text: z.string().max(MAX_SAMPLE_CHARS) });
export type TimedSample = z.infer<typeof TimedSample>;

export const Evidence = z.object({
  v: z.literal(1),
  fingerprint: z.string().min(1).max(2048),
  level: AlertLevel,
  trigger: AlertTrigger,
  title: z.string().max(2000),
  reason: z.string().max(8000),
  service: z.string().nullable(),
  topic: z.string().nullable(),
  templateId: z.string().nullable(),
  template: z.string().nullable(),
  rule: AlertRuleRef.nullable(),
  /** Occurrences of the alert in this batch. */
  count: z.number().int().positive(),
  firstSeen: z.number(),
  lastSeen: z.number(),
  samples: z.array(TimedSample).max(MAX_SAMPLES),
  // ---- i18 in a cluster (issue 19): the link from an alert to its patterns ----
  /** Occurrences in this batch per template id (`(other)` past the bound); absent from older analyzers. */
  templates: z.array(LocationCount).max(MAX_LOCATION_VALUES).optional(),
  // ---- end i18 in a cluster ----
});
export type Evidence = z.infer<typeof Evidence>;

export const ACTION_KINDS = ['ack', 'snooze', 'resolve', 'note'] as const;

export const ClusterAction = z.object({
  v: z.literal(1),
  fingerprint: z.string().min(1).max(2048),
  action: z.enum(ACTION_KINDS),
  /** For `snooze`. */
  durationMs: z
    .number()
    .int()
    .positive()
    .max(30 * 24 * 3_600_000)
    .optional(),
  /** For `note`. */
  text: z.string().max(4000).optional(),
  /** Decided on the engine's side of the boundary (Settings actorName or the OS user), never by a window. */
  who: z.string().min(1).max(256),
  at: z.number(),
});
export type ClusterAction = z.infer<typeof ClusterAction>;

export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Parses one record's value; a bad record is a reason to count, never a throw. */
export function decodeRecord<T>(schema: z.ZodType<T>, value: Buffer | null): Decoded<T> {
  if (value === null) return { ok: false, reason: 'empty value' };
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, value: parsed.data };
}
