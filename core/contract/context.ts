/**
 * Kafka as the record of what happened (issue 18): the raw messages around an alert's sample and
 * the messages on a topic at a moment, each parsed and analyzed on the fly (no alerts raised).
 * Commands `alerts:context` and `topics:messages`; REST `GET /api/alerts/{id}/context` and
 * `GET /api/topics/{topic}/messages` (core/host/README.md).
 */
import { z } from 'zod';
import { Analysis, AnalyzedRecord } from './data';

export const CONTEXT_LIMITS = {
  /** Most messages read on either side of the anchor. */
  maxSide: 500,
  defaultSide: 50,
  /** Most messages a topic read returns. */
  maxMessages: 500,
  defaultMessages: 100,
  /** A message's text is cut at this many characters in the answer (it is parsed whole). */
  maxValueChars: 16_384,
} as const;

const topicName = z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, 'invalid Kafka topic name');
const offsetText = z.string().regex(/^\d{1,19}$/, 'expected a Kafka offset (decimal digits)');

export const KafkaPosition = z.object({ topic: z.string(), partition: z.number().int(), offset: z.string() });
export type KafkaPosition = z.infer<typeof KafkaPosition>;

/** One message as read back from Kafka, with what Vigil reads in it. */
export const ContextLog = z.object({
  topic: z.string(),
  partition: z.number().int(),
  offset: z.string(),
  /** The Kafka timestamp, epoch ms. */
  timestamp: z.number(),
  /** The message value as UTF-8 text, cut at `CONTEXT_LIMITS.maxValueChars`. */
  value: z.string(),
  valueTruncated: z.boolean(),
  /** What the parser understood; null when the message was rejected as bad input (see `issue`). */
  record: AnalyzedRecord.nullable(),
  analysis: Analysis.nullable(),
  /** The data-quality issue of a rejected or repaired message, null when it was clean. */
  issue: z.string().nullable(),
});
export type ContextLog = z.infer<typeof ContextLog>;

/** Offsets asked for that the broker no longer holds (deleted by retention), said instead of failing. */
export const RetentionNote = z.object({
  /** The partition's first offset still held (log start offset) and its high watermark. */
  logStartOffset: z.string(),
  highWatermark: z.string(),
  /** How many of the asked offsets were already deleted. */
  missing: z.number().int(),
  anchorAvailable: z.boolean(),
  message: z.string(),
});
export type RetentionNote = z.infer<typeof RetentionNote>;

/** Set when the read stopped early (the deadline passed): what was read is returned. */
export const PartialNote = z.object({ reason: z.string() });

export const AlertContextRequest = z.strictObject({
  id: z.string().min(1).max(128),
  /** Index into the alert's samples; default the latest. */
  sample: z.number().int().min(0).max(1000).optional(),
  before: z.number().int().min(0).max(CONTEXT_LIMITS.maxSide).default(CONTEXT_LIMITS.defaultSide),
  after: z.number().int().min(0).max(CONTEXT_LIMITS.maxSide).default(CONTEXT_LIMITS.defaultSide),
});
export type AlertContextRequest = z.infer<typeof AlertContextRequest>;

export const AlertContext = z.object({
  anchor: KafkaPosition,
  /** Which sample of the alert the anchor is. */
  sample: z.number().int(),
  /** Where the messages came from: the broker, or the local history (demo source, no broker). */
  source: z.enum(['kafka', 'history']),
  /** In offset order; the anchor is the one whose offset equals `anchor.offset`. */
  logs: z.array(ContextLog),
  retention: RetentionNote.optional(),
  partial: PartialNote.optional(),
});
export type AlertContext = z.infer<typeof AlertContext>;

export const TopicMessagesRequest = z
  .strictObject({
    topic: topicName,
    /** Epoch ms: per partition, the first message at or after this time (Kafka offsets-for-times). */
    at: z.number().int().min(0).optional(),
    partition: z.number().int().min(0).max(1_000_000).optional(),
    offset: offsetText.optional(),
    limit: z.number().int().min(1).max(CONTEXT_LIMITS.maxMessages).default(CONTEXT_LIMITS.defaultMessages),
  })
  .superRefine((r, ctx) => {
    const byOffset = r.partition !== undefined || r.offset !== undefined;
    if (r.at !== undefined && byOffset)
      ctx.addIssue({ code: 'custom', message: 'give either at, or partition and offset, not both' });
    else if (r.at === undefined && !byOffset)
      ctx.addIssue({ code: 'custom', message: 'give at (a time), or partition and offset' });
    else if (byOffset && (r.partition === undefined || r.offset === undefined))
      ctx.addIssue({ code: 'custom', message: 'partition and offset go together' });
  });
export type TopicMessagesRequest = z.infer<typeof TopicMessagesRequest>;

export const TopicMessages = z.object({
  topic: z.string(),
  at: z.number().nullable(),
  /** Where each partition's read started; null: no message at or after `at` on that partition. */
  partitions: z.array(z.object({ partition: z.number().int(), offset: z.string().nullable() })),
  /** Merged in time order (Kafka timestamp, then partition, then offset), at most `limit`. */
  logs: z.array(ContextLog),
  retention: RetentionNote.optional(),
  partial: PartialNote.optional(),
});
export type TopicMessages = z.infer<typeof TopicMessages>;
