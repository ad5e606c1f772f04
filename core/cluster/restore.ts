/**
 * Reads the latest alert state of some partitions of a cluster's compacted alerts topic, as a new
 * owner must before it folds more evidence into them. The owner first commits a marker record to each
 * partition it restores; reading (read_committed) until its own markers proves that every state
 * committed before them, including a crashed owner's last transaction, has been seen, and that an
 * open transaction of a dead owner has been aborted (the broker's transaction timeout) first.
 */
import type { Kafka } from 'kafkajs';
import { decodeRecord } from './evidence';
import { AlertState } from './fold';

/** The key of restore markers on the alerts topic (never a fingerprint: those hold `|`). */
export const RESTORE_KEY = '__vigil_restore__';

export interface RestoreRequest {
  kafka: Kafka;
  topic: string;
  partitions: readonly number[];
  /** The marker value this owner committed to each partition. */
  marker: string;
  /** A throwaway consumer group (kafkajs has no manual assignment). */
  groupId: string;
  timeoutMs: number;
  /** Counts a record that is neither a state nor a marker. */
  onBadRecord: (reason: string) => void;
}

/** States by partition, then fingerprint. Rejects after `timeoutMs` without all markers. */
export async function restoreAlertStates(
  request: RestoreRequest,
): Promise<Map<number, Map<string, AlertState>>> {
  const wanted = new Set(request.partitions);
  if (wanted.size === 0) return new Map();
  const states = new Map<number, Map<string, AlertState>>([...wanted].map((p) => [p, new Map()]));
  const done = new Set<number>();
  const consumer = request.kafka.consumer({
    groupId: request.groupId,
    readUncommitted: false,
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
  });
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const timer = setTimeout(finish, request.timeoutMs);
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: request.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const p = batch.partition;
        if (!wanted.has(p)) {
          consumer.pause([{ topic: request.topic, partitions: [p] }]);
          return;
        }
        const byFingerprint = states.get(p)!;
        for (const message of batch.messages) {
          const key = message.key?.toString('utf8') ?? '';
          if (key === RESTORE_KEY) {
            if (message.value?.toString('utf8') === request.marker) done.add(p);
            continue;
          }
          if (message.value === null) {
            byFingerprint.delete(key);
            continue;
          }
          const decoded = decodeRecord(AlertState, message.value);
          if (decoded.ok) byFingerprint.set(decoded.value.alert.fingerprint, decoded.value);
          else
            request.onBadRecord(`alert state at ${request.topic}/${p}@${message.offset}: ${decoded.reason}`);
        }
        if (done.size === wanted.size) finish();
        await Promise.resolve();
      },
    });
    await finished;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => undefined);
  }
  if (done.size !== wanted.size) {
    const missing = [...wanted].filter((p) => !done.has(p));
    throw new Error(
      `restoring ${request.topic} partitions ${missing.join(', ')} timed out after ${request.timeoutMs} ms`,
    );
  }
  return states;
}
