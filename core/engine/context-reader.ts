/**
 * The port the engine reads alert context and topic messages through (issue 18). The Kafka
 * implementation (kafka-context-reader.ts) reads the broker; with the demo source, which has no
 * broker, the local history of analyzed logs answers instead (wired where that history lives).
 */
import type {
  AlertContext,
  ContextLog,
  KafkaPosition,
  StartRequest,
  TopicMessages,
  TopicMessagesRequest,
} from '../contract';
import type { RawMessage } from '../ingest/source';

/** The anchor's window: everything of an `AlertContext` but the sample index. */
export type ContextWindow = Omit<AlertContext, 'sample'>;

export interface ContextReader {
  /** `before` messages before the anchor, the anchor, `after` messages after it, in offset order. */
  around(anchor: KafkaPosition, before: number, after: number): Promise<ContextWindow>;
  messages(request: TopicMessagesRequest): Promise<TopicMessages>;
}

/** Parses and analyzes raw messages as the engine would, raising no alerts. */
export type AnalyzeRaw = (messages: readonly RawMessage[]) => Promise<ContextLog[]>;

/** Chooses a reader for the engine's last start request (null: none can answer). */
export type ContextReaderFactory = (config: StartRequest | null, analyze: AnalyzeRaw) => ContextReader | null;
