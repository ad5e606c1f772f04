/**
 * What every log source (Kafka, demo replay) gives the engine. Sources deliver batches and wait:
 * the engine's handler resolves only once the batch is analyzed and its alerts are recorded, and
 * only then may the source commit its position (at-least-once).
 */
import type { PartitionLag, SourceState } from '../contract';
import type { RawMessage } from '../parse/types';

/** A message as a source delivers it; defined by parse (the lower layer), which reads it. */
export type { RawMessage };

export type BatchHandler = (batch: RawMessage[]) => Promise<void>;

export type { SourceState };

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
