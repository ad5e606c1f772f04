/**
 * Records of aborted transactions are dropped from a raw READ_COMMITTED fetch, as kafkajs's
 * consumer drops them: from the transaction's first offset until the producer's ABORT marker.
 */
import { describe, expect, it } from 'vitest';
import { withoutAborted } from '../../core/ingest/kafka-aborted';
import type { FetchedMessage } from '../../core/ingest/kafka-cluster';

const ABORT = Buffer.from([0, 0, 0, 0]);
const COMMIT = Buffer.from([0, 0, 0, 1]);

function msg(
  offset: number,
  producerId: string,
  inTransaction: boolean,
  key: Buffer | null = null,
): FetchedMessage {
  return {
    offset: String(offset),
    timestamp: '0',
    key,
    value: Buffer.from(`m${offset}`),
    isControlRecord: key !== null,
    batchContext: { producerId, inTransaction },
  };
}

describe('withoutAborted', () => {
  const fetched = [
    msg(10, '7', true), // aborted transaction of producer 7 (first offset 10)
    msg(11, '8', false), // another producer, no transaction
    msg(12, '7', true),
    msg(13, '7', true, ABORT), // producer 7's abort marker
    msg(14, '7', true), // a later transaction of producer 7, committed
    msg(15, '7', true, COMMIT),
  ];

  it('drops the aborted transaction and keeps everything else', () => {
    const kept = withoutAborted(fetched, [{ producerId: '7', firstOffset: '10' }]);
    expect(kept.map((m) => m.offset)).toEqual(['11', '13', '14', '15']);
  });

  it('keeps every record when the fetch names no aborted transaction', () => {
    expect(withoutAborted(fetched, []).map((m) => m.offset)).toEqual(['10', '11', '12', '13', '14', '15']);
    expect(withoutAborted(fetched, undefined)).toHaveLength(6);
  });

  it('starts dropping only at the aborted transaction first offset', () => {
    const kept = withoutAborted(fetched, [{ producerId: '7', firstOffset: '12' }]);
    expect(kept.map((m) => m.offset)).toEqual(['10', '11', '13', '14', '15']);
  });
});
