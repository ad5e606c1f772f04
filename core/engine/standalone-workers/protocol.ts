/**
 * What a standalone engine thread and the main engine say over their MessagePort (issue 19,
 * docs/scaling.md "Standalone on every core"): a batch's evidence, and the main engine's answer.
 * Both cross a thread boundary, so each side validates what it receives (zod), never trusting it.
 */
import type { MessagePort } from 'node:worker_threads';
import { z } from 'zod';
import { LiveLog } from '../../contract';
import { Evidence } from '../../cluster/evidence';
import { columnBatchProblem, REPEATED } from '../../history/batch-columns';

const Offset = z.string().regex(/^\d{1,20}$/);

/** Most evidence records in one batch (one per alert the batch changed; the store holds 5,000). */
export const MAX_BATCH_EVIDENCE = 50_000;
/** Most live-tail rows a thread sends per message (it samples and batches them itself). */
export const MAX_TAIL_ROWS = 500;
/** Most logs in one history batch (a fetch of at most 10 MB holds fewer). */
export const MAX_HISTORY_ROWS = 1_000_000;

/**
 * A batch for the history as columns (core/history/batch-columns.ts), its typed arrays transferred:
 * shapes checked here, lengths, byte ranges and codes by `columnBatchProblem`.
 */
const HistoryColumns = z
  .object({
    rows: z.number().int().positive().max(MAX_HISTORY_ROWS),
    ingested: z.number().finite(),
    time: z.custom<Float64Array>((v) => v instanceof Float64Array),
    part: z.custom<Int32Array>((v) => v instanceof Int32Array),
    bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array),
    offsetEnds: z.custom<Int32Array>((v) => v instanceof Int32Array),
    messageEnds: z.custom<Int32Array>((v) => v instanceof Int32Array),
    codes: z.custom<Int32Array>((v) => v instanceof Int32Array),
    dicts: z.array(z.array(z.string().max(10_000)).max(MAX_HISTORY_ROWS)).max(REPEATED.length),
    alertRows: z.array(z.number().int()).max(MAX_HISTORY_ROWS),
    alertIds: z.array(z.string().max(200)).max(MAX_HISTORY_ROWS),
    chars: z.number().nonnegative(),
  })
  .superRefine((batch, ctx) => {
    const problem = columnBatchProblem(batch);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: `history batch: ${problem}` });
  });

export const ThreadMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('evidence'),
    id: z.number().int().nonnegative(),
    topic: z.string().min(1).max(255),
    partition: z.number().int().nonnegative(),
    nextOffset: Offset,
    fetchedOffset: Offset,
    evidence: z.array(Evidence).max(MAX_BATCH_EVIDENCE),
  }),
  /** The thread's live tail (compact rows, sampled per batch as the main engine does). */
  z.object({
    type: z.literal('tail'),
    logs: z.array(LiveLog).max(MAX_TAIL_ROWS),
    dropped: z.number().int().nonnegative(),
  }),
  /** The thread's analyzed batch for the main engine's history, encoded as columns on the thread. */
  z.object({
    type: z.literal('history'),
    batch: HistoryColumns,
  }),
]);
export type ThreadMessage = z.infer<typeof ThreadMessage>;

export const MainAnswer = z.object({
  type: z.literal('ack'),
  id: z.number().int().nonnegative(),
  outcome: z.enum(['applied', 'duplicate', 'overlap', 'failed']),
  /** For duplicate and overlap: where the thread fetches the partition from. */
  seekTo: Offset.nullable(),
  /** For failed: why. */
  reason: z.string().max(2000).nullable(),
});
export type MainAnswer = z.infer<typeof MainAnswer>;

/** One standalone engine thread: its index (2 … N) and its end of the channel to the main engine. */
export interface StandaloneWorkerSpec {
  index: number;
  port: MessagePort;
  /** Whether the main engine keeps a history (the thread then sends its analyzed batches). */
  history: boolean;
}

/** The thread's own data folder, emptied at each start: its local alert store must start empty. */
export function standaloneWorkerDir(index: number): string {
  return `standalone-workers/w${index}`;
}
