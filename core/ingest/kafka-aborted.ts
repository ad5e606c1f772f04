/**
 * Messages of aborted transactions, dropped as a READ_COMMITTED consumer drops them. A fetch at
 * READ_COMMITTED still returns the records of aborted transactions, with the list of aborted
 * transactions (producer id, first offset) of the range; the client skips a transactional record
 * of such a producer from that offset until the producer's ABORT marker (a control record whose key
 * is the version 0 and type 0 of the marker: four zero bytes). The same rule as kafkajs's consumer
 * (src/consumer/filterAbortedMessages.js), which the cluster client's raw fetch does not apply.
 */
import type { FetchedMessage } from './kafka-cluster';

export interface AbortedTransaction {
  producerId: string;
  firstOffset: string;
}

const ABORT_MARKER_KEY = Buffer.from([0, 0, 0, 0]);

export function withoutAborted(
  messages: readonly FetchedMessage[],
  aborted: readonly AbortedTransaction[] | undefined,
): FetchedMessage[] {
  if (aborted === undefined || aborted.length === 0) return messages.slice();
  const remaining = aborted
    .map((t) => ({ producerId: t.producerId, firstOffset: BigInt(t.firstOffset) }))
    .sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : 1));
  const open = new Set<string>();
  return messages.filter((message) => {
    const offset = BigInt(message.offset);
    while (remaining.length > 0 && offset >= remaining[0]!.firstOffset)
      open.add(remaining.shift()!.producerId);
    const producerId = message.batchContext?.producerId;
    if (producerId === undefined) return true;
    if (message.isControlRecord === true && message.key !== null && ABORT_MARKER_KEY.equals(message.key)) {
      open.delete(producerId);
      return true; // control records are skipped by the reader anyway
    }
    return !(open.has(producerId) && message.batchContext?.inTransaction === true);
  });
}
