/**
 * Kafka messages of one partition packed into transferable buffers, so that handing a batch to
 * another thread moves one ArrayBuffer instead of structured-cloning thousands of Buffers.
 * Benchmark code: keys are dropped and a null value comes back empty (the bench data has neither).
 */
import type { KafkaMessage } from 'kafkajs';
import type { RawMessage } from '../../../core/ingest/source';

export interface PackedBatch {
  topic: string;
  partition: number;
  messages: number;
  offsets: string[];
  timestamps: Float64Array;
  /** End of each value in `bytes` (values are laid end to end). */
  ends: Int32Array;
  bytes: ArrayBuffer;
}

export function packBatch(topic: string, partition: number, messages: readonly KafkaMessage[]): PackedBatch {
  let size = 0;
  for (const m of messages) size += m.value?.length ?? 0;
  const bytes = new ArrayBuffer(size);
  const view = new Uint8Array(bytes);
  const ends = new Int32Array(messages.length);
  const timestamps = new Float64Array(messages.length);
  const offsets = new Array<string>(messages.length);
  let at = 0;
  messages.forEach((m, i) => {
    if (m.value) view.set(m.value, at);
    at += m.value?.length ?? 0;
    ends[i] = at;
    timestamps[i] = Number(m.timestamp);
    offsets[i] = m.offset;
  });
  return { topic, partition, messages: messages.length, offsets, timestamps, ends, bytes };
}

export function unpackBatch(packed: PackedBatch): RawMessage[] {
  const all = Buffer.from(packed.bytes);
  let start = 0;
  return packed.offsets.map((offset, i) => {
    const end = packed.ends[i]!;
    const value = all.subarray(start, end);
    start = end;
    return {
      topic: packed.topic,
      partition: packed.partition,
      offset,
      timestamp: packed.timestamps[i]!,
      key: null,
      value,
    };
  });
}
