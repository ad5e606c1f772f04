/**
 * Alert context from the local history (issue 18): with the demo source there is no broker to read,
 * so the logs around an alert's sample come from the history of analyzed logs (core/history), by the
 * same topic, partition and offset. The history keeps each log's parsed message, not its raw bytes:
 * `value` is that message, and it is analyzed again as the Kafka reader analyzes what it reads.
 * Time travel on a topic reads Kafka only; here it says so (the Logs view searches the history).
 */
import type { KafkaPosition, TopicMessages } from '../contract';
import type { HistoryReads } from '../history';
import type { RawMessage } from '../ingest/source';
import type { AnalyzeRaw, ContextReader, ContextWindow } from './context-reader';
import { EngineError } from './errors';

export const HISTORY_TIME_TRAVEL_REASON =
  "time travel reads a Kafka topic, and the demo source has no broker: search the local history instead (POST /api/logs/query, the Logs view's History tab)";

export class HistoryContextReader implements ContextReader {
  constructor(
    private readonly store: HistoryReads,
    private readonly analyze: AnalyzeRaw,
  ) {}

  async around(anchor: KafkaPosition, before: number, after: number): Promise<ContextWindow> {
    const found = await this.store.around(anchor, before, after);
    const raw: RawMessage[] = found.logs.map((log) => ({
      topic: log.topic,
      partition: log.partition,
      offset: log.offset,
      timestamp: log.time,
      key: null,
      value: Buffer.from(log.message, 'utf8'),
    }));
    const logs = raw.length === 0 ? [] : await this.analyze(raw);
    const window: ContextWindow = { anchor: found.anchor, source: 'history', logs };
    if (!found.found) {
      window.retention = {
        // The history does not know the partition's bounds: only that the anchor is gone.
        logStartOffset: 'unknown',
        highWatermark: 'unknown',
        missing: before + 1 + after - found.logs.length,
        anchorAvailable: false,
        message:
          'the local history no longer holds this sample (older than its age or size bound, or the history was off when it arrived)',
      };
    }
    return window;
  }

  messages(): Promise<TopicMessages> {
    return Promise.reject(new EngineError('unavailable', HISTORY_TIME_TRAVEL_REASON));
  }
}
