/**
 * Events pushed from the engine to the UI. They always travel in batches (`EventBatch`) emitted a
 * few times per second, never one message per log.
 */
import { z } from 'zod';
import { EngineStatus } from './commands';
import { Alert, Incident, LiveLog, ModelStatus, PatternSummary } from './data';

export const EngineEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), status: EngineStatus }),
  /** Alerts created or changed since the last batch (upserts by id). */
  z.object({ type: z.literal('alerts'), alerts: z.array(Alert) }),
  /** A sample of recent logs for the live tail; `dropped` counts logs not sampled since the last batch. */
  z.object({ type: z.literal('logs'), logs: z.array(LiveLog), dropped: z.number() }),
  z.object({ type: z.literal('patterns'), patterns: z.array(PatternSummary) }),
  z.object({ type: z.literal('models'), models: ModelStatus }),
  /** Alerts the notification policy selected for a native notification. */
  z.object({ type: z.literal('notify'), alerts: z.array(Alert), suppressed: z.number() }),
  /** i16a: incidents created or changed since the last batch (upserts by id). */
  z.object({ type: z.literal('incidents'), incidents: z.array(Incident) }),
]);
export type EngineEvent = z.infer<typeof EngineEvent>;

export const EventBatch = z.object({
  seq: z.number().int(),
  at: z.number(),
  events: z.array(EngineEvent),
});
export type EventBatch = z.infer<typeof EventBatch>;

/** At most this many batches per second reach a window (DEVELOPERS.md: a few per second). */
export const MAX_BATCHES_PER_SECOND = 10;
