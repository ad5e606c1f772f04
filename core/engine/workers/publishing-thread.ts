/**
 * What an engine thread that publishes its alert evidence has in common, whether it publishes to the
 * cluster's Kafka topics (analyzer-worker.ts) or over a MessagePort to a standalone main engine
 * (standalone-workers/standalone-worker.ts): a Kafka source whose batches commit through the
 * publisher, the engine's changed alerts handed to it, and a status naming the partitions it owns.
 */
import type { Alert, EngineStatus } from '../../contract';
import { KafkaLogSource, type KafkaSourceOptions } from '../../ingest/kafka-source';
import type { EngineClient } from '../client';
import type { EngineOptions } from '../engine-options';
import { EngineError } from '../errors';
import type { WorkerStatus } from './worker-status';

/** The publisher's side the source and the engine call (EvidencePublisher, PortEvidencePublisher). */
export interface ThreadPublisher {
  commit: NonNullable<KafkaSourceOptions['commitBatch']>;
  discard: NonNullable<KafkaSourceOptions['onBatchDropped']>;
  assigned: NonNullable<KafkaSourceOptions['onAssigned']>;
  collect(changed: readonly Alert[]): void;
}

export class PublishingThread {
  private source: KafkaLogSource | null = null;

  /** @param who the thread in an error ("an analyzer worker", …). */
  constructor(
    private readonly publisher: ThreadPublisher,
    private readonly who: string,
  ) {}

  /** The engine's source factory and changed-alerts hook for this thread. */
  engineParts(): Pick<EngineOptions, 'createSource' | 'onAlertsChanged'> {
    const publisher = this.publisher;
    return {
      createSource: (request) => {
        if (request.source !== 'kafka')
          throw new EngineError('invalid_request', `${this.who} reads Kafka only`);
        this.source = new KafkaLogSource(request.kafka, {
          commitBatch: publisher.commit,
          onBatchDropped: publisher.discard,
          onAssigned: publisher.assigned,
        });
        return this.source;
      },
      onAlertsChanged: (changed) => publisher.collect(changed),
    };
  }

  /** The thread's client: status and stop answers name the log partitions it owns; `close` its own. */
  client(engine: EngineClient, close: () => Promise<void>): EngineClient {
    return {
      call: async (name, request) => {
        const value = await engine.call(name, request);
        if (name !== 'engine:status' && name !== 'engine:stop') return value;
        const status: WorkerStatus = {
          ...(value as EngineStatus),
          logPartitions: this.source?.assigned() ?? [],
        };
        return status as typeof value;
      },
      onEvents: (listener) => engine.onEvents(listener),
      close,
    };
  }
}
