/**
 * What every log source (Kafka, demo replay) gives the engine. Sources deliver batches and wait:
 * the engine's handler resolves only once the batch is analyzed and its alerts are recorded, and
 * only then may the source commit its position (at-least-once).
 */
import type { PartitionLag } from '../contract';

export interface RawMessage {
  topic: string;
  partition: number;
  /** Kafka offset as a decimal string (int64 does not fit a JS number). */
  offset: string;
  /** Message timestamp, epoch milliseconds (Kafka CreateTime or LogAppendTime). */
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
}

export type BatchHandler = (batch: RawMessage[]) => Promise<void>;

export type SourceState = 'connecting' | 'running' | 'reconnecting' | 'stopped' | 'failed';

export interface SourceStatus {
  state: SourceState;
  /** Human-readable reason when not running, e.g. "broker 127.0.0.1:9092 unreachable". */
  reason: string | null;
  lag: PartitionLag[];
}

export interface LogSource {
  readonly kind: 'kafka' | 'demo';
  /** Starts delivering batches to `handler`; resolves once subscribed (or rejects with a clear error). */
  start(handler: BatchHandler): Promise<void>;
  /** Stops after the in-flight batch finishes and its offsets are committed. */
  stop(): Promise<void>;
  status(): SourceStatus;
}
