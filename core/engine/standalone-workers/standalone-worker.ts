/**
 * Inside one of a standalone engine's extra threads (issue 19, docs/scaling.md "Standalone on every
 * core"): an ordinary engine whose Kafka source is one more member of the installation's consumer
 * group and commits through a PortEvidencePublisher: each batch's alert evidence goes to the main
 * engine, which folds it into the one alert store and journals it before the thread commits. The
 * thread's own alert store starts empty (the evidence tracker counts from zero) and it keeps no
 * history of its own: its analyzed batches go to the main engine's history as columns encoded here,
 * and its live tail to the main engine's, sampled and batched as the engine's events are.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeBatch, transferables } from '../../history/batch-columns';
import type { EngineClient } from '../client';
import { createEngine } from '../create';
import type { EngineWorkerOptions } from '../worker-protocol';
import { PublishingThread } from '../workers/publishing-thread';
import { PortEvidencePublisher } from './port-publisher';
import { MAX_TAIL_ROWS, standaloneWorkerDir } from './protocol';

const NO_HISTORY = { enabled: false, maxAgeHours: 1, maxBytes: 0 };

export async function createStandaloneWorker(options: EngineWorkerOptions): Promise<EngineClient> {
  const spec = options.standaloneWorker;
  if (spec === undefined) throw new Error('createStandaloneWorker needs options.standaloneWorker');
  const dataDir = join(options.dataDir, standaloneWorkerDir(spec.index));
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  const publisher = new PortEvidencePublisher(spec.port);
  const thread = new PublishingThread(publisher, 'a standalone engine thread');
  const client = await createEngine({
    ...options,
    dataDir,
    history: NO_HISTORY,
    engine: {
      ...thread.engineParts(),
      // The main engine's history stores this thread's logs too; the batch is encoded here.
      historySink: {
        offer: (records, analyses, alertIds, ingested) => {
          if (!spec.history || records.length === 0) return;
          const batch = encodeBatch({ records, analyses, alertIds, ingested });
          publisher.post({ type: 'history', batch }, transferables(batch));
        },
      },
    },
  });
  client.onEvents((batch) => {
    for (const event of batch.events) {
      if (event.type !== 'logs' || (event.logs.length === 0 && event.dropped === 0)) continue;
      const logs = event.logs.slice(-MAX_TAIL_ROWS);
      const dropped = event.dropped + event.logs.length - logs.length;
      publisher.post({ type: 'tail', logs, dropped });
    }
  });
  return thread.client(client, async () => {
    await client.close(); // stops the source: the batch in hand goes to the main engine and commits
    spec.port.close();
  });
}
