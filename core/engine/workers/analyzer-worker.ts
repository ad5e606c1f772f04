/**
 * Inside one engine thread of an analyzer: an ordinary engine whose Kafka source is a member of the
 * cluster's log group and commits through this thread's own EvidencePublisher (one Kafka
 * transaction: the batch's evidence and its log offsets), exactly as a separate analyzer process
 * would. The cluster's fold then merges the evidence of every worker of every analyzer exactly.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { EvidencePublisher } from '../../cluster/evidence-publisher';
import type { EngineClient } from '../client';
import { createEngine } from '../create';
import type { EngineWorkerOptions } from '../worker-protocol';
import { PublishingThread } from './publishing-thread';
import { workerAnalyzerId, workerDataDirName } from './spec';

/** An analyzer keeps no history of its own: the cluster's alert state is its record. */
const NO_HISTORY = { enabled: false, maxAgeHours: 1, maxBytes: 0 };

export async function createAnalyzerWorker(options: EngineWorkerOptions): Promise<EngineClient> {
  const spec = options.analyzerWorker;
  if (spec === undefined) throw new Error('createAnalyzerWorker needs options.analyzerWorker');
  const dataDir = join(options.dataDir, workerDataDirName(spec.index));
  // The local alert store must start empty: the evidence tracker counts what it gains from zero.
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  const publisher = new EvidencePublisher({
    kafka: spec.kafka,
    cluster: spec.cluster,
    analyzerId: workerAnalyzerId(spec.analyzerId, spec.index),
  });
  await publisher.connect();
  const thread = new PublishingThread(publisher, 'an analyzer worker');
  let client: EngineClient;
  try {
    client = await createEngine({
      ...options,
      dataDir,
      history: NO_HISTORY,
      engine: thread.engineParts(),
    });
  } catch (error) {
    await publisher.disconnect().catch(() => undefined);
    throw error;
  }
  return thread.client(client, async () => {
    await client.close(); // stops the source: the batch in hand commits through the publisher
    await publisher.disconnect();
  });
}
