/**
 * The Kafka implementation of `ContextReader`: each call opens a cluster client outside any
 * consumer group (core/ingest/kafka-window.ts), reads what it needs before a deadline and closes.
 * Memory: at most before + 1 + after messages for a context, and for a topic read at most `limit`
 * merged messages plus `limit` per partition of the chunk being read (`PARTITIONS_AT_ONCE`).
 * Offsets the broker no longer holds (retention) are reported in `retention`, not as a failure.
 */
import type {
  KafkaConfig,
  KafkaPosition,
  RetentionNote,
  TopicMessages,
  TopicMessagesRequest,
} from '../contract';
import { describeKafkaError } from '../ingest/kafka-errors';
import { secretsOf } from '../ingest/kafka-log';
import { KafkaWindowReader, type PartitionBounds, type WindowReaderOptions } from '../ingest/kafka-window';
import type { RawMessage } from '../ingest/source';
import type { AnalyzeRaw, ContextReader, ContextWindow } from './context-reader';
import { EngineError } from './errors';

export interface KafkaContextOptions {
  /** The longest a read may take; what was read by then is returned, marked partial. */
  deadlineMs: number;
  window?: Partial<WindowReaderOptions>;
}

const PARTITIONS_AT_ONCE = 8;
const DEADLINE_REASON = (ms: number) =>
  `stopped at the ${ms} ms deadline; the messages read by then are shown`;

function retentionNote(
  bounds: PartitionBounds,
  from: bigint,
  to: bigint,
  anchor: bigint | null,
): RetentionNote | undefined {
  const missingEnd = to + 1n < bounds.low ? to + 1n : bounds.low;
  const missing = missingEnd > from ? Number(missingEnd - from) : 0;
  const anchorAvailable = anchor === null || (anchor >= bounds.low && anchor < bounds.high);
  if (missing === 0 && anchorAvailable) return undefined;
  let message: string;
  if (anchor !== null && anchor >= bounds.high)
    message = `offset ${anchor} is past the partition's end (${bounds.high}): the topic was probably deleted and re-created`;
  else if (!anchorAvailable)
    message = `the broker no longer holds offset ${anchor}: retention deleted it (the partition now starts at ${bounds.low})`;
  else
    message = `the broker no longer holds ${missing} of the offsets asked for: retention deleted them (the partition now starts at ${bounds.low})`;
  return {
    logStartOffset: bounds.low.toString(),
    highWatermark: bounds.high.toString(),
    missing,
    anchorAvailable,
    message,
  };
}

function byTime(a: RawMessage, b: RawMessage): number {
  return (
    a.timestamp - b.timestamp || a.partition - b.partition || (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1)
  );
}

export class KafkaContextReader implements ContextReader {
  constructor(
    private readonly config: KafkaConfig,
    private readonly analyze: AnalyzeRaw,
    private readonly options: KafkaContextOptions = { deadlineMs: 5000 },
  ) {}

  around(anchor: KafkaPosition, before: number, after: number): Promise<ContextWindow> {
    return this.withReader(async (reader, deadlineAt) => {
      await this.checkPartition(reader, anchor.topic, anchor.partition);
      const bounds = (await reader.bounds(anchor.topic, [anchor.partition])).get(anchor.partition)!;
      const at = BigInt(anchor.offset);
      const askedFrom = at - BigInt(before) < 0n ? 0n : at - BigInt(before);
      const askedTo = at + BigInt(after);
      const from = askedFrom < bounds.low ? bounds.low : askedFrom;
      const end = askedTo + 1n < bounds.high ? askedTo + 1n : bounds.high;
      const read =
        from < end
          ? await reader.read(anchor.topic, anchor.partition, from, end, Number(end - from), deadlineAt)
          : { messages: [], complete: true };
      const retention = retentionNote(bounds, askedFrom, askedTo, at);
      return {
        anchor: { topic: anchor.topic, partition: anchor.partition, offset: anchor.offset },
        source: 'kafka' as const,
        logs: await this.analyze(read.messages),
        ...(retention === undefined ? {} : { retention }),
        ...(read.complete ? {} : { partial: { reason: DEADLINE_REASON(this.options.deadlineMs) } }),
      };
    });
  }

  messages(request: TopicMessagesRequest): Promise<TopicMessages> {
    return this.withReader(async (reader, deadlineAt) => {
      const { topic, limit } = request;
      let partitions: number[];
      let starts: Map<number, bigint | null>;
      let retention: RetentionNote | undefined;
      let bounds: Map<number, PartitionBounds>;
      if (request.at !== undefined) {
        partitions = await reader.partitions(topic);
        [starts, bounds] = await Promise.all([
          reader.offsetsAt(topic, partitions, request.at),
          reader.bounds(topic, partitions),
        ]);
      } else {
        const partition = request.partition!;
        await this.checkPartition(reader, topic, partition);
        partitions = [partition];
        bounds = await reader.bounds(topic, partitions);
        const asked = BigInt(request.offset!);
        const b = bounds.get(partition)!;
        retention = retentionNote(b, asked, asked + BigInt(limit) - 1n, null);
        starts = new Map([[partition, asked < b.low ? b.low : asked]]);
      }
      let merged: RawMessage[] = [];
      let complete = true;
      for (let i = 0; i < partitions.length; i += PARTITIONS_AT_ONCE) {
        const chunk = partitions.slice(i, i + PARTITIONS_AT_ONCE);
        const reads = await Promise.all(
          chunk.map(async (p) => {
            const start = starts.get(p) ?? null;
            const end = bounds.get(p)?.high ?? 0n;
            if (start === null || start >= end) return { messages: [], complete: true };
            return reader.read(topic, p, start, end, limit, deadlineAt);
          }),
        );
        for (const r of reads) {
          complete &&= r.complete;
          merged = merged.concat(r.messages);
        }
        merged.sort(byTime);
        if (merged.length > limit) merged.length = limit;
      }
      return {
        topic,
        at: request.at ?? null,
        partitions: partitions.map((p) => ({ partition: p, offset: starts.get(p)?.toString() ?? null })),
        logs: await this.analyze(merged),
        ...(retention === undefined ? {} : { retention }),
        ...(complete ? {} : { partial: { reason: DEADLINE_REASON(this.options.deadlineMs) } }),
      };
    });
  }

  private async checkPartition(reader: KafkaWindowReader, topic: string, partition: number): Promise<void> {
    const partitions = await reader.partitions(topic);
    if (!partitions.includes(partition))
      throw new EngineError(
        'not_found',
        `topic ${topic} has no partition ${partition} (it has ${partitions.length})`,
      );
  }

  private async withReader<T>(
    read: (reader: KafkaWindowReader, deadlineAt: number) => Promise<T>,
  ): Promise<T> {
    const reader = new KafkaWindowReader(this.config, this.options.window);
    try {
      await reader.open();
      return await read(reader, Date.now() + this.options.deadlineMs);
    } catch (error) {
      throw toEngineError(error, secretsOf(this.config));
    } finally {
      await reader.close().catch(() => undefined);
    }
  }
}

function toEngineError(error: unknown, secrets: string[]): EngineError {
  if (error instanceof EngineError) return error;
  const e = error as { type?: unknown; message?: unknown };
  if (e.type === 'UNKNOWN_TOPIC_OR_PARTITION')
    return new EngineError('not_found', 'the broker has no such topic or partition');
  return new EngineError('unavailable', `Kafka read failed: ${describeKafkaError(error, secrets)}`);
}
