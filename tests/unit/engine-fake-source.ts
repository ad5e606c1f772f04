/**
 * A test double of a LogSource: the test pushes batches with `deliver`, which returns the engine
 * handler's promise, so a test can see when (and whether) the engine finished with a batch.
 */
import type { PartitionLag } from '../../core/contract';
import type { BatchHandler, LogSource, RawMessage, SourceStatus } from '../../core/ingest/source';

export class FakeLogSource implements LogSource {
  private handler: BatchHandler | null = null;
  private nextOffset = 0;
  startCalls = 0;
  stopCalls = 0;
  lag: PartitionLag[] = [];
  /** When set, `start` rejects with this error (a broker that cannot be reached). */
  startError: Error | null = null;

  constructor(readonly kind: 'kafka' | 'demo' = 'demo') {}

  start(handler: BatchHandler): Promise<void> {
    this.startCalls++;
    if (this.startError) return Promise.reject(this.startError);
    this.handler = handler;
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.stopCalls++;
    this.handler = null;
    return Promise.resolve();
  }

  status(): SourceStatus {
    return { state: this.handler ? 'running' : 'stopped', reason: null, lag: this.lag };
  }

  get started(): boolean {
    return this.handler !== null;
  }

  /** Hands a batch to the engine; resolves when the engine's handler does. */
  deliver(batch: RawMessage[]): Promise<void> {
    if (!this.handler) throw new Error('FakeLogSource: not started');
    return this.handler(batch);
  }

  /** Messages with consecutive offsets from values (strings are UTF-8 encoded; null is a tombstone). */
  messages(values: Array<string | Buffer | null>, topic = 'logs'): RawMessage[] {
    return values.map((value) => ({
      topic,
      partition: 0,
      offset: String(this.nextOffset++),
      timestamp: Date.now(),
      key: null,
      value: typeof value === 'string' ? Buffer.from(value, 'utf8') : value,
    }));
  }
}
