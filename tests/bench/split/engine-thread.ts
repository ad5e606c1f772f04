/**
 * The analysis side of the split prototype (tests/bench/split-prototype.ts): a worker thread that
 * hosts an in-process engine and analyzes the packed batches the consuming thread sends it, then
 * acknowledges each one. Benchmark code only: it commits nothing and has no error handling beyond
 * reporting a failure.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { createEngine } from '../../../core/engine/create';
import { unpackBatch, type PackedBatch } from './packed-batch';

const port = parentPort;
if (!port) throw new Error('engine-thread.ts runs in a worker thread');

void createEngine({ dataDir: mkdtempSync(join(tmpdir(), 'vigil-split-')) }).then((client) => {
  port.on('message', (message: PackedBatch | 'close') => {
    if (message === 'close') {
      void client.close().then(() => port.postMessage({ closed: true }));
      return;
    }
    client.engine.processBatch(unpackBatch(message)).then(
      () => port.postMessage({ ack: message.messages }),
      (error: unknown) => port.postMessage({ failed: String(error) }),
    );
  });
  port.postMessage({ ready: true });
});
